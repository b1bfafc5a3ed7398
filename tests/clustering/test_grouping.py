import numpy as np
import pytest

from consult.clustering.algorithms import (assign_to_nearest_group, describe_groups, embed, group_vectors,
                                regroup_with_locked)


def _themes(proposals):
    return [theme for theme, _, _ in proposals]


def _same_partition(labels, themes):
    pairs = {(a, b) for a, b in zip(labels, themes)}
    return len(pairs) == len(set(labels)) == len(set(themes))


def test_translations_land_together_and_groups_follow_themes(proposals, vectors):
    grouping = group_vectors(vectors)
    assert _same_partition(grouping.labels, _themes(proposals))


def test_k_and_granularity(vectors):
    assert group_vectors(vectors, k=2).n_groups == 2
    assert group_vectors(vectors, k=5).n_groups == 5
    coarse = group_vectors(vectors, granularity=0.3).n_groups
    fine = group_vectors(vectors, granularity=3.0).n_groups
    assert coarse < fine


def test_same_input_same_groups_and_numbering(vectors):
    first, second = group_vectors(vectors), group_vectors(vectors.copy())
    assert np.array_equal(first.labels, second.labels)
    sizes = np.bincount(first.labels)
    assert list(sizes) == sorted(sizes, reverse=True)  # numbered by size
    assert first.labels[0] == 0  # the 4-proposal budget group is the largest


def test_two_stage_path_on_synthetic_vectors(monkeypatch):
    import consult.clustering.algorithms.grouping as grouping

    rng = np.random.default_rng(1)
    centres = rng.normal(size=(6, 768))
    truth = np.repeat(np.arange(6), 150)
    points = centres[truth] + 0.6 * rng.normal(size=(900, 768))
    monkeypatch.setattr(grouping, "DIRECT_LIMIT", 200)
    result = grouping.group_vectors(points.astype(np.float32), k=6)
    assert len({(a, b) for a, b in zip(result.labels, truth)}) == 6
    again = grouping.group_vectors(points.astype(np.float32), k=6)
    assert np.array_equal(result.labels, again.labels)


def test_describe_groups_labels_in_each_language_and_counts(proposals, vectors):
    grouping = group_vectors(vectors, k=3)
    texts = [text for _, _, text in proposals]
    metadata = [{"axis": "transparency" if theme == "budget" else "services", "region": "Kef"}
                for theme, _, _ in proposals]
    groups = describe_groups(grouping.labels, vectors, texts, metadata)
    budget = groups[0]
    assert budget.size == 4
    assert budget.languages == {"ar": 1, "en": 1, "fr": 2}
    assert budget.fields == {"axis": {"transparency": 4}, "region": {"Kef": 4}}
    assert set(budget.terms) == {"ar", "fr", "en"}
    assert "budget" in budget.terms["fr"] and "budget" in budget.terms["en"]
    assert " · " in budget.label and "budget" in budget.label
    assert budget.label.split(" · ")[0] == " ".join(budget.terms["fr"])  # most members first
    assert len(budget.representatives) == 3
    assert set(budget.representatives) <= set(np.flatnonzero(grouping.labels == 0))


def test_new_proposal_is_assigned_to_its_theme(proposals, vectors):
    grouping = group_vectors(vectors, k=3)
    new = embed(["Les hôpitaux publics doivent réduire le temps d'attente des malades"])[0]
    group, cosine = assign_to_nearest_group(new, grouping.centroids)
    health_group = grouping.labels[_themes(proposals).index("health")]
    assert group == health_group and cosine > 0.3


def test_locked_groups_keep_their_members(proposals, vectors):
    # A working group locked an odd group: the Arabic budget proposal with the sport ones.
    locked_members = [0, 4, 5]
    result = regroup_with_locked(vectors, {"G-7": locked_members}, k=2)
    assert result.locked_keys == ["G-7"]
    assert all(result.labels[i] == 0 for i in locked_members)
    # The English sport proposal is closest to the locked (sport) group: it may join it.
    assert result.labels[6] == 0
    # The other budget and health proposals are regrouped among themselves by theme.
    budget = {result.labels[i] for i in (1, 2, 3)}
    health = {result.labels[i] for i in (7, 8, 9)}
    assert len(budget) == 1 and len(health) == 1 and budget != health
    assert 0 not in budget | health


def test_locked_groups_reject_bad_input(vectors):
    with pytest.raises(ValueError):
        regroup_with_locked(vectors, {"a": [0, 1], "b": [1, 2]})
    with pytest.raises(ValueError):
        regroup_with_locked(vectors, {"a": [99]})
