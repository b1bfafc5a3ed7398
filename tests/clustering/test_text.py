from consult.clustering.algorithms.text import content_terms


def test_content_terms_drop_stop_words_and_share_stems():
    french = content_terms("La publication des budgets et le budget de la commune")
    stems = [stem for _, _, stem in french]
    assert "la" not in [surface for _, surface, _ in french]
    assert stems.count("budget") == 2
    arabic = content_terms("نشر الميزانية في البلدية")
    assert [lang for lang, _, _ in arabic] == ["ar", "ar", "ar"]
    assert "في" not in [surface for _, surface, _ in arabic]
    mixed = content_terms("Mettre en place الميزانية التشاركية dans les communes")
    assert {lang for lang, _, _ in mixed} == {"ar", "fr"}
