"""The similar index is shared by the server's processes: one memory-mapped file per index version."""
from __future__ import annotations

import numpy as np

from consult.clustering import algorithms, embedding, lookup
from consult.clustering.models import ProposalVector
from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import add, add_sample
from tests.factories import make_consultation


def _versions(consultation):
    return sorted(p.name for p in lookup.index_folder().glob(f"c{consultation.id}-*"))


def _in_memory(consultation):
    """One in-memory index of all the consultation's rows, with their languages."""
    rows = db.session.execute(db.select(ProposalVector.proposal_id, ProposalVector.vector, Proposal.language)
                              .join(Proposal, Proposal.id == ProposalVector.proposal_id)
                              .filter(ProposalVector.consultation_id == consultation.id)
                              .order_by(ProposalVector.id)).all()
    return algorithms.SimilarIndex([r[0] for r in rows], algorithms.stack_vectors([bytes(r[1]) for r in rows]),
                                   languages=[r[2] for r in rows])


def _queries(encoder):
    return algorithms.embed(["budget en ligne", "الماء الصالح للشرب", "bus between towns", "anything else"],
                            encoder)


def test_the_mapped_file_gives_the_answers_of_an_index_in_memory(ctx, fake_encoder):
    consultation = make_consultation()
    add_sample(consultation)
    index = lookup.similar_index(consultation.id)
    assert index.base.read_only and isinstance(index.base._semantic, np.memmap)
    assert len(_versions(consultation)) == 1 and len(index) == 9
    expected = _in_memory(consultation)
    for vector in _queries(fake_encoder):
        assert index.query_vector(vector, k=5) == expected.query_vector(vector, k=5)


def test_another_process_maps_the_same_file_without_writing_it(ctx):
    consultation = make_consultation()
    add_sample(consultation)
    lookup.similar_index(consultation.id)
    (folder,) = lookup.index_folder().glob(f"c{consultation.id}-*")
    written = (folder / "semantic.npy").stat().st_mtime_ns
    lookup.forget_indexes()   # as a second worker, which has no index yet
    index = lookup.similar_index(consultation.id)
    assert (folder / "semantic.npy").stat().st_mtime_ns == written
    assert str(index.base._semantic.filename) == str(folder / "semantic.npy")


def test_a_stale_file_is_rebuilt_when_a_proposal_changes(ctx, fake_encoder):
    consultation = make_consultation()
    topics = add_sample(consultation)
    lookup.similar_index(consultation.id)
    before = _versions(consultation)
    edited = topics["water"][0]
    edited.title = edited.problem = edited.reform = "Publier le budget de la commune"
    embedding.on_proposals_saved(None, proposals=[edited])   # its vector row is replaced
    db.session.commit()
    index = lookup.similar_index(consultation.id)
    after = _versions(consultation)
    assert len(after) == 1 and after != before   # the old version's files are removed
    expected = _in_memory(consultation)
    for vector in _queries(fake_encoder):
        assert index.query_vector(vector, k=5) == expected.query_vector(vector, k=5)
    budget = [pid for pid, _s in index.query_vector(_queries(fake_encoder)[0], k=4)]
    assert edited.id in budget


def test_new_proposals_join_in_memory_until_the_file_is_written_anew(ctx, fake_encoder, monkeypatch):
    monkeypatch.setattr(lookup, "DELTA_MAX", 2)
    consultation = make_consultation()
    add_sample(consultation)
    lookup.similar_index(consultation.id)
    first = _versions(consultation)
    new = add(consultation, "Publier le budget en ligne")
    index = lookup.similar_index(consultation.id)
    assert _versions(consultation) == first and len(index.delta) == 1
    assert new.id in [pid for pid, _s in index.query_vector(_queries(fake_encoder)[0], k=4)]
    expected = _in_memory(consultation)
    for vector in _queries(fake_encoder):
        assert index.query_vector(vector, k=5) == expected.query_vector(vector, k=5)
    add(consultation, "Publier le budget en ligne, encore")
    add(consultation, "Publier le budget en ligne, toujours")
    index = lookup.similar_index(consultation.id)
    assert _versions(consultation) != first and len(index.base) == 12 and len(index.delta) == 0
    expected = _in_memory(consultation)
    for vector in _queries(fake_encoder):
        assert index.query_vector(vector, k=5) == expected.query_vector(vector, k=5)


def test_an_unwritable_folder_falls_back_to_an_index_in_memory(ctx, app, tmp_path):
    original = app.config["SIMILAR_INDEX_FOLDER"]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app.config["SIMILAR_INDEX_FOLDER"] = str(blocker / "similar")
    try:
        consultation = make_consultation()
        add_sample(consultation)
        index = lookup.similar_index(consultation.id)
        assert len(index) == 9 and not index.base.read_only
    finally:
        app.config["SIMILAR_INDEX_FOLDER"] = original


MORE = ["Publier les marchés publics de la commune", "نشر الصفقات العمومية للبلدية",
        "Publish the council's public contracts", "Réparer les routes rurales", "إصلاح الطرقات الريفية",
        "Repair the rural roads", "Ouvrir les réunions du conseil au public", "فتح جلسات المجلس للعموم",
        "Open the council meetings to the public", "Des bibliothèques dans chaque quartier",
        "مكتبات عمومية في كل حي", "A public library in every neighbourhood",
        "Ramassage des déchets deux fois par semaine", "جمع النفايات مرتين في الأسبوع",
        "Collect the rubbish twice a week", "Éclairage public dans les rues", "إنارة الشوارع العمومية",
        "Street lights in every street", "Un guichet unique pour les permis", "شباك موحد لرخص البناء",
        "One office for building permits", "Des pistes cyclables en ville", "مسالك للدراجات في المدينة"]


def test_the_mapped_base_and_its_delta_answer_by_language_and_by_meaning_as_one_index(ctx, fake_encoder):
    consultation = make_consultation()
    add_sample(consultation)
    for title in MORE:   # 32 proposals in the file: enough for the spread of a search by meaning
        add(consultation, title)
    lookup.similar_index(consultation.id)
    for title in ("Publier le budget en ligne chaque mois", "نشر الميزانية كل شهر", "Water for every village"):
        add(consultation, title)
    index = lookup.similar_index(consultation.id)
    assert len(index.base) == 32 and len(index.delta) == 3 and len(index) == 35
    assert isinstance(index.base._codes, np.memmap) and set(index.base._codes.tolist()) == {1, 2, 3}
    expected = _in_memory(consultation)
    queries = _queries(fake_encoder)
    for vector in queries:
        for language in ("ar", "fr", "en", None):
            assert (index.query_vector(vector, k=5, language=language)
                    == expected.query_vector(vector, k=5, language=language))
    options = dict(min_z=lookup.SEARCH_MIN_Z, strong_cosine=lookup.SEARCH_STRONG_COSINE,
                   feedback=lookup.SEARCH_FEEDBACK)
    for vector in [*queries, *algorithms.embed(["budget", "ميزانية", "water"], fake_encoder)]:
        assert (index.nearest_by_meaning(vector, 50, lookup.SEARCH_MIN_COSINE, **options)
                == expected.nearest_by_meaning(vector, 50, lookup.SEARCH_MIN_COSINE, **options))
    found = lookup.ids_by_meaning(consultation.id, "budget", 50)
    assert found and set(found) & set(index.delta._ids)   # the new proposals are searched too
