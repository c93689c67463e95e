"""gdgrade's own words in the user's language (en, ko): gettext catalogues.

Pack texts (titles, questions, hints, explanations, misconceptions) are in each
question's question.yaml, one entry per language. The words of gdgrade itself
(headings, command output) are gettext messages: English in the code, marked
``_("...")``, Korean in ``locale/ko/LC_MESSAGES/gdgrade.po``.

The ``.po`` file is read directly, with no compiled ``.mo`` beside it: the catalogue
is small (read in well under a millisecond), and a build step that could leave a
stale ``.mo`` is one thing fewer to get wrong. Only what gdgrade's catalogues use is
understood: ``msgid``/``msgstr`` pairs of concatenated string literals, comments.
"""

import ast
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"


def catalogue_path(lang):
    return LOCALE_DIR / lang / "LC_MESSAGES" / "gdgrade.po"


@lru_cache(maxsize=None)
def catalogue(lang):
    """{English message: its translation} of `lang`; entries with an empty msgstr are left out."""
    entries, key, field = {}, None, None
    parts = {"msgid": [], "msgstr": []}

    def flush():
        msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
        if msgid and msgstr:
            entries[msgid] = msgstr
        parts["msgid"], parts["msgstr"] = [], []

    for number, line in enumerate(catalogue_path(lang).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        if key in parts:
            if key == "msgid" and field == "msgstr":
                flush()
            field = key
            line = rest
        elif not line.startswith('"') or field is None:
            raise ValueError(f"{catalogue_path(lang)}:{number}: cannot read {line[:40]!r}")
        parts[field].append(ast.literal_eval(line))
    flush()
    return entries


@lru_cache(maxsize=None)
def translator(lang=DEFAULT_LANGUAGE):
    """The gettext function of `lang`: message in English -> the same message in `lang`
    (the English itself where the catalogue has no translation)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    if lang == DEFAULT_LANGUAGE:
        return str
    entries = catalogue(lang)
    return lambda message: entries.get(message, message)


def pick(texts, lang=DEFAULT_LANGUAGE):
    """A pack text in `lang`, from its {"en": ..., "ko": ...} entry (English where it lacks `lang`)."""
    return texts.get(lang) or texts.get(DEFAULT_LANGUAGE, "")
