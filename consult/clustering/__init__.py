"""The clustering feature: proposals that say the same thing, grouped into themes.

- ``algorithms``: the pure algorithms (no Flask, no database, loaded on first use) and the
  offline ``python -m consult.clustering.algorithms`` command for analysts;
- the platform side: ``embedding`` (stored vectors, filled when ``proposals_saved`` is sent),
  ``runs`` (grouping runs) and ``jobs`` (running them outside a request), ``themes`` (curation),
  ``overview`` (overview and map), ``links`` (duplicate links), ``lookup`` (similar proposals
  while a citizen writes, and the search by meaning, whose last answers ``search_answers``
  keeps), ``signals`` (what it asks the features above it), ``labels``, ``views`` (themes.py,
  runs.py), ``cli``.

Importing this package loads nothing heavy: numpy, scikit-learn, scipy and the encoder load
when something is grouped or embedded.
"""


def init_app(app) -> None:
    from consult.clustering import embedding, labelling, links, overview, search_answers, themes
    from consult.core.features import register
    from consult.proposals.signals import proposals_saved, search_by_meaning

    register(app, __name__)
    app.jinja_env.globals.update(theme_title=themes.theme_title, theme_name_parts=labelling.name_parts,
                                 theme_is_mixed=labelling.is_mixed, theme_key_terms=labelling.key_terms,
                                 proposal_clustering=links.proposal_clustering,
                                 theme_count=lambda consultation: sum(
                                     1 for theme_id, n in overview.counts_by_theme(consultation.id).items()
                                     if theme_id is not None and n))
    # Connected once per process (blinker keeps one connection per receiver).
    proposals_saved.connect(embedding.on_proposals_saved)
    search_by_meaning.connect(search_answers.on_search_by_meaning)
