"""The agreement reading follows the scores: exact agreement beside alpha, a word when scores are too
concentrated for alpha to mean much, and red only where members really disagree."""
from __future__ import annotations

from consult.scoring import services, stats
from tests.factories import login, make_consultation, make_proposal, make_theme
from tests.scoring.helpers import PASSWORD, joint_group, person, submit

SCALE = [0, 1, 2, 3]

# The walk-through's "Relevant": 8 themes, 6 members; 6 themes have a spread of 0 and nearly every
# score is 3; two members give one theme a 2 each (alpha about 0.65, yet members agree).
CONCENTRATED = [[3, 3, 3, 3, 3, 3, 2, 3], [3, 3, 3, 3, 3, 3, 2, 3], [3, 3, 3, 2, 3, 3, 2, 3],
                [3, 3, 3, 2, 3, 3, 2, 3], [3, 3, 3, 3, 3, 3, 2, 2], [3, 3, 3, 3, 3, 3, 2, 2]]
# Scores a level apart at most, spread evenly over 2 and 3: low alpha, no real disagreement.
CLOSE = [[3, 2, 3, 2, 3, 2], [2, 3, 2, 3, 3, 2], [3, 3, 2, 2, 2, 3]]
# Members really read it differently: 0 against 3 on several themes.
SPLIT = [[0, 3, 1, 3], [3, 0, 3, 1], [1, 3, 0, 2]]


def test_concentrated_scores_are_not_flagged_red_and_say_why():
    value = stats.alpha(CONCENTRATED, SCALE)
    found = stats.pairs(CONCENTRATED, SCALE)
    assert value is not None and value < stats.TENTATIVE           # alpha alone would say "discuss"
    assert stats.reading(value) == "discuss"
    assert found.top_level == 3 and found.top_share >= 0.75 and found.exact > 0.8 and found.strong == 0
    assert stats.reading(value, found) == "concentrated"


def test_scores_a_level_apart_read_close_and_real_disagreement_reads_discuss():
    close = stats.pairs(CLOSE, SCALE)
    assert stats.alpha(CLOSE, SCALE) < stats.TENTATIVE and close.strong == 0 and not close.concentrated
    assert stats.reading(stats.alpha(CLOSE, SCALE), close) == "close"
    split = stats.pairs(SPLIT, SCALE)
    assert split.strong >= stats.STRONG_SHARE
    assert stats.reading(stats.alpha(SPLIT, SCALE), split) == "discuss"


def test_identical_scores_everywhere_read_concentrated_and_nothing_to_compare_reads_undefined():
    same = [[3, 3, 3], [3, 3, 3]]
    assert stats.alpha(same, SCALE) is None
    assert stats.reading(None, stats.pairs(same, SCALE)) == "concentrated"
    assert stats.pairs(same, SCALE).exact == 1.0
    alone = [[3, 2, 1], [None, None, None]]
    assert stats.reading(stats.alpha(alone, SCALE), stats.pairs(alone, SCALE)) == "undefined"


def test_a_high_alpha_stays_reliable():
    agree = [[0, 1, 2, 3, 3], [0, 1, 2, 3, 3], [0, 1, 2, 3, 2]]
    assert stats.reading(stats.alpha(agree, SCALE), stats.pairs(agree, SCALE)) == "reliable"


def test_the_results_page_shows_exact_agreement_and_flags_only_real_disagreement(ctx, client):
    consultation = make_consultation()
    coordinator = person("Coordinatrice", "coordinator", None)
    members = [person(f"Membre {n}", affiliation=("civil_society", "administration")[n % 2]) for n in range(3)]
    themes = [make_theme(consultation, f"Thème {n}", make_proposal(consultation, f"Proposition {n}")) for n in range(4)]
    group = joint_group(consultation, members, themes, coordinator)
    # "relevant": nearly all 3 (concentrated); "answerable": 0 against 3 (real disagreement).
    relevant = [[3, 3, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3]]
    for m, member in enumerate(members):
        for t, theme in enumerate(themes):
            submit(group, theme, member, {"specific": 2, "measurable": 2, "answerable": SPLIT[m][t],
                                          "relevant": relevant[m][t], "time_bound": 2, "impact": 2})
    readings = {a.criterion.code: a for a in services.agreement(group)}
    assert readings["relevant"].reading == "concentrated" and readings["answerable"].reading == "discuss"
    login(client, coordinator, PASSWORD)
    page = client.get(f"/scoring/groups/{group.id}/results?lang=en").get_data(as_text=True)
    table = page.split('id="agreement"', 1)[1].split("</table>", 1)[0]
    assert table.count("text-bg-danger") == 1                        # only "answerable"
    assert "Exact agreement" in page and "83%" in table               # 10 of the 12 pairs on "relevant"
    assert "Most scores are the same level" in table and "92% of the scores are 3." in table   # 11 of 12
    french = client.get(f"/scoring/groups/{group.id}/results?lang=fr").get_data(as_text=True)
    assert "83\u00a0%" in french.split('id="agreement"', 1)[1]         # a French percentage
    exported = services.export(consultation)["agreement"]
    relevant_row = next(row for row in exported if row["criterion"] == "relevant")
    assert relevant_row["reading"] == "concentrated" and relevant_row["exact_agreement"] == 0.8333
    assert relevant_row["most_common_level"] == 3
