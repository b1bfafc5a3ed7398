import numpy as np
import pytest

from consult.clustering.algorithms import (VECTOR_DIM, Encoder, default_encoder, embed, similarity,
                                stack_vectors, vector_from_bytes, vector_to_bytes)
from consult.clustering.algorithms.vectors import lexical_sketch


def test_embed_shape_and_bytes_round_trip(vectors):
    assert vectors.shape == (10, VECTOR_DIM) and vectors.dtype == np.float32
    blob = vector_to_bytes(vectors[3])
    assert len(blob) == VECTOR_DIM * 4
    assert np.array_equal(vector_from_bytes(blob), vectors[3])
    assert np.array_equal(stack_vectors([vector_to_bytes(v) for v in vectors]), vectors)
    with pytest.raises(ValueError):
        vector_from_bytes(blob[:-4])


def test_embedding_is_deterministic_and_independent_of_the_batch(proposals, vectors):
    again = embed([proposals[4][2]])
    assert np.allclose(again[0], vectors[4], atol=1e-5)


def test_default_encoder_is_loaded_once_and_fits_the_protocol():
    assert default_encoder() is default_encoder()
    assert isinstance(default_encoder(), Encoder)


def test_lexical_sketch_sees_spelling_variants_as_close():
    a, b, c = lexical_sketch(["الشَّفافيـة في الميزانية", "الشفافية في الميزانيه",
                              "Créer des terrains de sport"])
    assert a @ b > 0.95
    assert abs(a @ c) < 0.3


def test_similarity_translations_high_unrelated_low():
    assert similarity("Publier le budget de la commune", "نشر ميزانية البلدية") > 0.8
    assert similarity("Publish the municipal budget", "Publier le budget de la commune") > 0.8
    assert similarity("Publish the municipal budget", "إنشاء ملاعب رياضية للشباب") < 0.3
