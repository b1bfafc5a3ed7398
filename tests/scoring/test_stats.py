"""Aggregates and agreement, checked against Krippendorff's published worked example."""
import pytest

from consult.scoring import stats

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: observers A-D
# (rows) x 12 units, values 1-5, missing data. Published: nominal .743, ordinal .815, interval .849.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_matches_krippendorffs_worked_example(level, published):
    assert stats.alpha(KRIPPENDORFF_C, [1, 2, 3, 4, 5], level) == pytest.approx(published, abs=5e-4)


def test_alpha_is_undefined_without_variation_or_pairs():
    assert stats.alpha([[2, 2, 2], [2, 2, 2]], [0, 1, 2, 3]) is None          # nobody varies
    assert stats.alpha([[1, N, N], [N, 2, N], [N, N, 3]], [0, 1, 2, 3]) is None  # one score per theme
    assert stats.alpha([], [0, 1, 2, 3]) is None
    assert stats.reading(None) == "undefined"


def test_alpha_tells_agreement_from_disagreement():
    agree = stats.alpha([[0, 1, 2, 3, 3], [0, 1, 2, 3, 2]], [0, 1, 2, 3])
    disagree = stats.alpha([[0, 3, 0, 3], [3, 0, 3, 0]], [0, 1, 2, 3])
    assert agree > 0.8 and stats.reading(agree) == "reliable"
    assert disagree < 0 and stats.reading(disagree) == "discuss"
    assert stats.reading(0.7) == "tentative" and stats.reading(0.667) == "tentative"


def test_summary_weighted_total_minimums_and_disagreement():
    summary = stats.summarize([0, 2, 3, 3])
    assert (summary.n, summary.mean, summary.median, summary.spread) == (4, 2.0, 2.5, 3)
    assert stats.disagrees(summary, [0, 1, 2, 3])
    assert not stats.disagrees(stats.summarize([2, 3, 3]), [0, 1, 2, 3])      # range 1: fine
    assert stats.disagrees(stats.summarize([1, 3]), [0, 1, 2, 3])             # range 2: discuss
    assert stats.summarize([]).mean is None
    # Impact weighs double: (2*1 + 3*2) / 3
    assert stats.weighted_total({"specific": 2.0, "impact": 3.0}, {"specific": 1, "impact": 2}) == pytest.approx(2.667)
    assert stats.weighted_total({"specific": None}, {"specific": 1}) is None
    assert stats.meets_minimums({"relevant": 1.5, "impact": 0.5}, {"relevant": 1.0, "impact": None})
    assert not stats.meets_minimums({"relevant": 0.5}, {"relevant": 1.0})
    assert stats.distribution([0, 3, 3], [0, 1, 2, 3]) == {0: 1, 1: 0, 2: 0, 3: 2}
