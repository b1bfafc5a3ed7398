"""What a group of rows of the grouping space becomes on a theme: its centroid, the threshold a
new proposal must reach to join it, its representatives, its labels; and places on the map."""
from __future__ import annotations

import numpy as np
from sqlalchemy import select

from consult.clustering import algorithms
from consult.clustering.models import ClusteringRun

# A new proposal joins its closest theme only when its cosine (grouping space) to the theme's
# centroid reaches the theme's threshold: as close as its least typical tenth of members,
# never below FLOOR, never above CEILING (so that a one-proposal theme can attract a twin).
JOIN_FLOOR = 0.55
JOIN_CEILING = 0.8


def join_threshold(cosines: np.ndarray) -> float:
    typical = float(np.percentile(cosines, 10)) if cosines.size else JOIN_FLOOR
    return float(min(max(typical, JOIN_FLOOR), JOIN_CEILING))


def theme_geometry(space: np.ndarray, member_rows: np.ndarray, ids: list[int]) -> dict:
    """Centroid, join threshold and representatives of a group of rows of the grouping space."""
    rows = space[member_rows]
    centroid = algorithms.group_centroids(rows, np.zeros(len(member_rows), dtype=np.int64))[0]
    closeness = rows @ centroid
    order = np.lexsort((member_rows, -closeness))
    return {"centroid": centroid.astype("<f4").tobytes(), "join_threshold": join_threshold(closeness),
            "representatives": [ids[member_rows[i]] for i in order[:3]]}


def apply_geometry(theme, geometry: dict) -> None:
    theme.centroid, theme.join_threshold = geometry["centroid"], geometry["join_threshold"]
    theme.summary = {**(theme.summary or {}), "representatives": geometry["representatives"]}


def terms_of(summary) -> dict:
    """{"ar": [terms], ...}: the key terms of a theme from the algorithms' GroupSummary."""
    return {lang: list(words) for lang, words in summary.terms.items() if words}


def project(projection: dict, vectors: np.ndarray) -> np.ndarray:
    space = algorithms.grouping_space(vectors)
    return (space - np.asarray(projection["mean"], dtype=np.float32)) @ \
        np.asarray(projection["components"], dtype=np.float32).T


def latest_projection(session, consultation_id: int) -> dict | None:
    return session.scalar(select(ClusteringRun.projection).filter(
        ClusteringRun.consultation_id == consultation_id, ClusteringRun.status == "done",
        ClusteringRun.projection.is_not(None)).order_by(ClusteringRun.id.desc()).limit(1))


def map_projection(space: np.ndarray) -> tuple[dict | None, np.ndarray]:
    """2-D coordinates of the rows (PCA), and the projection kept to place new proposals."""
    if space.shape[0] < 3:
        return None, np.zeros((space.shape[0], 2), dtype=np.float32)
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2, random_state=0).fit(space)
    projection = {"mean": np.round(pca.mean_, 6).tolist(),
                  "components": np.round(pca.components_, 6).tolist()}
    return projection, pca.transform(space)
