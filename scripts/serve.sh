#!/usr/bin/env bash
# `make run`: gunicorn and, when Redis answers at REDIS_URL, the background-job worker beside it
# (started again if it dies). Ctrl-C (or SIGTERM) stops both within 10 s; a job cut short is
# marked failed and can be started again from its page. Without Redis, jobs run inside the web
# workers and no worker is started.
set -u
VENV=${VENV:-.venv}
PORT=${PORT:-8000}
WORKERS=${WEB_WORKERS:-2}
pids=()

if [ -n "${REDIS_URL:-}" ] && "$VENV/bin/python" -c \
    "import os, redis; redis.Redis.from_url(os.environ['REDIS_URL'], socket_connect_timeout=1).ping()" 2>/dev/null; then
  keep_worker() {
    local child=
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null
          for _ in $(seq 90); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
          kill -KILL "$child" 2>/dev/null; exit 0' INT TERM
    while true; do
      # Background work yields the CPU to the pages; it embeds whole consultations: 2 BLAS threads.
      CONSULT_ENCODER_THREADS=${CONSULT_ENCODER_THREADS:-2} nice -n 10 "$VENV/bin/flask" --app wsgi worker &
      child=$!
      wait "$child"
      echo "serve: the job worker stopped; starting it again" >&2
      sleep 2
    done
  }
  keep_worker &
  pids+=($!)
else
  echo "serve: no Redis answering at REDIS_URL: background jobs run inside the web worker." >&2
  unset REDIS_URL
  WORKERS=${WEB_WORKERS:-1}   # rate limits are counted in memory: one process keeps them exact
fi
"$VENV/bin/gunicorn" --workers "$WORKERS" --bind "127.0.0.1:$PORT" --access-logfile - wsgi:app &
pids+=($!)

stopping=
stop() {
  [ -n "$stopping" ] && return
  stopping=1
  kill -TERM "${pids[@]}" 2>/dev/null
  for _ in $(seq 100); do             # up to 10 s for the worker to finish its job
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap 'stop; exit 0' INT TERM
wait -n "${pids[@]}"                  # one of them stopped by itself: stop the other too
status=$?
stop
exit $status
