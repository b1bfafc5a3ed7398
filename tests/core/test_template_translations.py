"""Templates translate each string and each label in the language of their own request or of
the language forced for an e-mail or export, even though the catalogs and the labels are kept
per language for the whole process; what is read outside any context is never kept as a language."""
from flask_babel import force_locale

from consult.core.i18n import Labels
from consult.proposals.labels import status_labels

TEMPLATE = "{{ _('Region') }} · {{ ngettext('%(num)d proposal', '%(num)d proposals', 3) }} · {{ labels['received'] }}"


def test_strings_and_labels_follow_the_language_of_each_request_and_of_force_locale(app):
    labels = Labels(status_labels)
    page = app.jinja_env.from_string(TEMPLATE)
    assert labels["received"] == "Received"          # no context at all: untranslated, and not kept
    with app.test_request_context("/?lang=fr"):
        assert page.render(labels=labels) == "Région · 3 propositions · Reçue"
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        assert page.render(labels=labels) == "الجهة · 3 مقترحات · تمّ الاستلام"
        with force_locale("en"):
            assert page.render(labels=labels) == "Region · 3 proposals · Received"
        assert dict(labels)["received"] == "تمّ الاستلام"
    with app.test_request_context("/?lang=fr"):
        assert page.render(labels=labels) == "Région · 3 propositions · Reçue"
