"""gunicorn settings for the load test: each web worker loads the sentence encoder as it boots
(`post_worker_init`), before it takes requests, instead of inside its first submission. Measured
on this machine: a cold first embedding takes 8 s alone and more than gunicorn's 30 s timeout when
four workers and the job workers start at once on 2 busy cores, so the worker is killed and its
replacement starts cold again (see the report of bench/load_faults.py)."""


def post_worker_init(worker):
    worker.notify()
    from consult.clustering.algorithms.vectors import embed
    embed(["warm-up"])
    worker.notify()
