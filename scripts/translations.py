"""Keep the ar/fr/en catalogues in step with the code.

    python scripts/translations.py update        # extract msgids, merge into every catalogue
    python scripts/translations.py add FILE.json # {"msgid": {"ar": "...", "fr": "..."}, ...}
    python scripts/translations.py missing       # msgids without a translation, per language
    python scripts/translations.py compile       # .po -> .mo

English msgids are the English text, so the English catalogue copies each msgid.
`add` takes a file lock, so several people can add translations at once.
"""
from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "translations"
POT = CATALOGUES / "messages.pot"
LANGUAGES = ("ar", "fr", "en")


def po_path(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / "messages.po"


@contextmanager
def locked():
    CATALOGUES.mkdir(exist_ok=True)
    with open(CATALOGUES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def load(language: str):
    with open(po_path(language), "rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalogue) -> None:
    with open(po_path(language), "wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False, sort_output=True)


def pybabel(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)


def update() -> None:
    with locked():
        pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
                "-o", str(POT), ".")
        for language in LANGUAGES:
            if po_path(language).exists():
                pybabel("update", "-i", str(POT), "-d", str(CATALOGUES), "-l", language,
                        "--no-fuzzy-matching", "--ignore-obsolete")
            else:
                pybabel("init", "-i", str(POT), "-d", str(CATALOGUES), "-l", language)
        english = load("en")
        for message in english:
            if message.id:
                message.string = message.id
        save("en", english)


def add(path: str) -> None:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    with locked():
        for language in ("ar", "fr"):
            catalogue = load(language)
            for msgid, texts in wanted.items():
                text = texts.get(language)
                if not text:
                    continue
                # Plural entries are found by their singular msgid and take a list of forms.
                message = catalogue.get(msgid) or next(
                    (m for m in catalogue if isinstance(m.id, tuple) and m.id[0] == msgid), None)
                if message is None:
                    catalogue.add(msgid, text)
                    continue
                message.string = tuple(text) if isinstance(message.id, tuple) else text
                message.flags.discard("fuzzy")
            save(language, catalogue)


def missing() -> int:
    count = 0
    for language in LANGUAGES:
        for message in load(language):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or message.fuzzy:
                count += 1
                print(f"{language}\t{json.dumps(message.id, ensure_ascii=False)}")
    return count


def compile_all() -> None:
    pybabel("compile", "-d", str(CATALOGUES), "--use-fuzzy")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "add" and len(sys.argv) == 3:
        add(sys.argv[2])
    elif command == "missing":
        sys.exit(1 if missing() else 0)
    elif command == "compile":
        compile_all()
    else:
        print(__doc__)
        sys.exit(2)
