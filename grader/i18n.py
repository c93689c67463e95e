"""gdgrade's own words in the user's language (en, ko): gettext catalogues.

Pack texts (titles, questions, hints, explanations, misconceptions) are in each
question's question.yaml, one entry per language. The words of gdgrade itself
(headings, check feedback, command output) are gettext messages: English in the
code, Korean in ``locale/ko/LC_MESSAGES/gdgrade.po``, compiled to ``gdgrade.mo``
beside it.
"""

import gettext
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=None)
def translator(lang=DEFAULT_LANGUAGE):
    """The gettext function of `lang`: message in English -> the same message in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    if lang == "en":
        return str
    return gettext.translation("gdgrade", LOCALE_DIR, languages=[lang], fallback=True).gettext


def pick(texts, lang=DEFAULT_LANGUAGE):
    """A pack text in `lang`, from its {"en": ..., "ko": ...} entry."""
    return texts[lang]
