"""The automatic number of themes: found when groups are clear, at a working group's scale when
they are not, and the same whatever the order of the proposals."""
import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from consult.clustering.algorithms import grouping
from consult.clustering.algorithms.grouping import _k_range, group_vectors
from consult.clustering.algorithms.vectors import VECTOR_DIM


def blobs(n_groups: int, size: int, spread: float, seed: int = 0):
    """Proposals around n_groups random directions (known groups), in the stored-vector layout."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_groups, VECTOR_DIM))
    labels = np.repeat(np.arange(n_groups), size)
    points = centres[labels] + spread * rng.normal(size=(labels.size, VECTOR_DIM))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32), labels


@pytest.mark.parametrize("n_groups, size", [(12, 20), (30, 8), (6, 60)])
def test_clear_groups_are_found_with_their_number(n_groups, size):
    vectors, truth = blobs(n_groups, size, spread=0.5)
    result = group_vectors(vectors)
    assert result.n_groups == n_groups
    assert adjusted_rand_score(truth, result.labels) == 1.0


def test_without_clear_groups_themes_hold_dozens_of_proposals_not_hundreds():
    # 250 proposals without structure (the case of 250 petitions that came out as 5 groups).
    vectors, _truth = blobs(1, 250, spread=3.0)
    sizes = np.bincount(group_vectors(vectors).labels)
    assert 15 <= sizes.size <= 35
    assert sizes.max() <= 60
    low, preferred, high = _k_range(250, 1.0)
    assert low < preferred < high and preferred == 22


def test_granularity_scales_the_number_of_themes():
    vectors, _truth = blobs(1, 400, spread=3.0, seed=2)
    coarse = group_vectors(vectors, granularity=0.5).n_groups
    default = group_vectors(vectors).n_groups
    fine = group_vectors(vectors, granularity=2.0).n_groups
    assert coarse < default < fine


@pytest.mark.parametrize("direct_limit", [grouping.DIRECT_LIMIT, 100])
def test_the_same_proposals_shuffled_give_the_same_themes(monkeypatch, direct_limit):
    # 100: large consultations' path (k-means micro-clusters first), forced on a small set.
    monkeypatch.setattr(grouping, "DIRECT_LIMIT", direct_limit)
    vectors, _truth = blobs(10, 60, spread=1.5, seed=3)
    labels = group_vectors(vectors).labels
    order = np.random.default_rng(4).permutation(len(vectors))
    shuffled = np.empty_like(labels)
    shuffled[order] = group_vectors(vectors[order]).labels
    assert adjusted_rand_score(labels, shuffled) == 1.0
