"""Two requests carrying the same form token at the same time (a double click that reaches two
workers) both get the proposal's page, and one proposal is saved (finding 6 of issue 13)."""
import threading

from consult.core.extensions import db
from consult.proposals import services
from consult.proposals.models import Proposal
from tests.factories import make_consultation, proposal_form

TRIALS = 5


def test_two_simultaneous_posts_of_one_form_get_the_same_page(app, monkeypatch):
    with app.app_context():
        consultation = make_consultation()
        consultation_id, forms = consultation.id, [proposal_form(consultation) for _ in range(TRIALS)]
    # Both requests look the token up before either saves: the race a double click gives.
    looked_up = threading.Barrier(2, timeout=20)
    find_by_token = services.find_by_token

    def both_look_first(token):
        found = find_by_token(token)
        if not getattr(gate, "passed", False):
            gate.passed = True
            looked_up.wait()
        return found
    gate = threading.local()
    monkeypatch.setattr(services, "find_by_token", both_look_first)

    for data in forms:
        looked_up.reset()
        answers = [None, None]

        def post(slot, data=data, answers=answers):
            gate.passed = False
            try:
                with app.test_client() as client:
                    response = client.post(f"/consultations/{consultation_id}/propose", data=data)
                    answers[slot] = (response.status_code, response.headers.get("Location"))
            except Exception as error:   # what a server would answer with a 500
                answers[slot] = (500, repr(error)[:200])
        threads = [threading.Thread(target=post, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        (first_status, first_page), (second_status, second_page) = answers
        assert first_status == second_status == 302, answers
        assert first_page == second_page and "/p/P-" in first_page
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(Proposal.id)).filter_by(
                submission_token=data["submission_token"])) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Proposal.id))) == TRIALS
