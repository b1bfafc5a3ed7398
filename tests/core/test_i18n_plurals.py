"""Arabic counts read right: babel's Arabic plural rule gives index 4 to 100-102 (the plain noun,
"100 موضوع") and index 5 to 11-99 (the noun with tanween, "11 موضوعًا")."""
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import ngettext

ARABIC_CATALOGUE = Path(__file__).resolve().parents[2] / "translations/ar/LC_MESSAGES/messages.po"
TANWEEN = "ًا"


def test_arabic_counts_use_the_plain_noun_for_100_and_tanween_for_11(app):
    with app.test_request_context("/?lang=ar"):
        assert ngettext("%(num)d theme", "%(num)d themes", 11) == "11 موضوعًا"
        assert ngettext("%(num)d theme", "%(num)d themes", 100) == "100 موضوع"
        assert ngettext("%(num)d theme", "%(num)d themes", 5) == "5 مواضيع"


def test_no_arabic_plural_entry_has_its_100_and_11_forms_swapped():
    with open(ARABIC_CATALOGUE, "rb") as handle:
        catalogue = read_po(handle, locale="ar")
    swapped = [message.id[0] for message in catalogue
               if isinstance(message.id, tuple) and message.id[0]
               and message.string[4].count(TANWEEN) > message.string[5].count(TANWEEN)]
    assert swapped == []
