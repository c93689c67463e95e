"""gdgrade's words in the user's language (en, ko): gettext catalogues and messages that remember.

Pack texts (titles, questions, hints, explanations, misconceptions, check labels) are in
each question's question.yaml, one entry per language. Everything else is a gettext
message: English in the code, Korean in a ``.po`` catalogue, the English being the key.

- gdgrade's own words (headings, command output, the feedback of the shared checks and
  of the proxy) are marked ``_("...")`` or ``msg("...", name=value)`` and translated in
  ``locale/ko/LC_MESSAGES/gdgrade.po``;
- a question's words (its hidden tests' feedback, their descriptions, its figures) are in
  ``ko.po`` in the question's folder, so a question's grader data stays in one folder.

Feedback is produced in English while grading and written as such to results.json. A
``Msg`` also keeps its template and parameters (``Msg.parts``, plain JSON), so the report
and ``gdgrade check`` can say the same sentence in Korean afterwards (``say``).

The ``.po`` file is read directly, with no compiled ``.mo`` beside it: the catalogue
is small (read in well under a millisecond), and a build step that could leave a
stale ``.mo`` is one thing fewer to get wrong. Only what gdgrade's catalogues use is
understood: ``msgid``/``msgstr`` pairs of concatenated string literals, comments.
"""

import ast
import re
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"


def catalogue_path(lang):
    return LOCALE_DIR / lang / "LC_MESSAGES" / "gdgrade.po"


def catalogue(lang):
    """{English message: its translation} of gdgrade's own words in `lang`."""
    return read_po(catalogue_path(lang))


def question_catalogue(folder, lang):
    """{English message: its translation} of one question's words (``<folder>/<lang>.po``; {} when
    it has none)."""
    path = Path(folder) / f"{lang}.po"
    return read_po(path) if path.is_file() else {}


@lru_cache(maxsize=None)
def read_po(path):
    """{msgid: msgstr} of a .po file; entries with an empty msgstr are left out."""
    entries, key, field = {}, None, None
    parts = {"msgid": [], "msgstr": []}

    def flush():
        msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
        if msgid and msgstr:
            entries[msgid] = msgstr
        parts["msgid"], parts["msgstr"] = [], []

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
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
            raise ValueError(f"{path}:{number}: cannot read {line[:40]!r}")
        parts[field].append(ast.literal_eval(line))
    flush()
    return entries


@lru_cache(maxsize=None)
def translator(lang=DEFAULT_LANGUAGE, folder=None):
    """The gettext function of `lang`: message in English -> the same message in `lang` (the
    English itself where no catalogue has it). `folder`: a question's, whose ko.po comes first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    if lang == DEFAULT_LANGUAGE:
        return str
    known = entries(lang, folder)
    return lambda message: known.get(message, message)


class Msg(str):
    """An English message that remembers its template and parameters, to be said again in another
    language. It is a str (the English), so it goes wherever feedback went before::

        msg("{fn} called predict {n} times; the contract allows exactly 2.", fn=name, n=3)

    Parameters may be Msgs themselves (translated in turn); ``a + b`` of Msgs and strs keeps the
    parts. A plain str part stays as it is in every language (code, numbers)."""

    parts = ()

    def __new__(cls, text, parts):
        self = super().__new__(cls, text)
        self.parts = parts
        return self

    def __add__(self, other):
        return Msg(str(self) + str(other), self.parts + parts_of(other))

    def __radd__(self, other):
        return Msg(str(other) + str(self), parts_of(other) + self.parts)


def N_(template):
    """Marks a template for the catalogues where it is not passed to msg() directly (chosen first)."""
    return template


def msg(template, **params):
    """A Msg: `template` (the English, the catalogue's key) formatted with `params`."""
    return Msg(template.format(**params), ((template, {k: _plain(v) for k, v in params.items()}),))


def parts_of(text):
    """The parts of a message as plain JSON data: [[template, {name: value}]] for a Msg, and
    [[text, None]] for a plain str (said as it is)."""
    if isinstance(text, Msg):
        return tuple(text.parts)
    return ((str(text), None),) if str(text) else ()


def _plain(value):
    if isinstance(value, Msg):
        return {"msg": [list(p) for p in value.parts]}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:     # a NumPy scalar
        return value.item()
    return str(value)


def untranslated(parts, entries):
    """The templates in `parts` that the catalogue `entries` lacks, and plain parts with words in
    them (a plain part is said as it is, so only code, numbers and punctuation may be plain)."""
    missing = []
    for template, params in parts:
        if params is None:
            if re.search(r"[A-Za-z]{3,}[^\w]+[A-Za-z]{3,}", template):     # a phrase, not code or a number
                missing.append(template)
            continue
        if template not in entries:
            missing.append(template)
        for value in params.values():
            if isinstance(value, dict) and "msg" in value:
                missing += untranslated(value["msg"], entries)
    return missing


def entries(lang, folder=None):
    """Every {English: translation} of `lang` that a question's messages can use."""
    return {**catalogue(lang), **(question_catalogue(folder, lang) if folder else {})}


def translate(text, gettext):
    """A Msg (or plain str) said again in the language of `gettext`."""
    return say(parts_of(text), gettext)


def say(parts, gettext):
    """The message of `parts` (as parts_of gives them, or read back from JSON) in the language of
    `gettext` (a translator)."""
    out = []
    for template, params in parts:
        if params is None:
            out.append(template)
            continue
        values = {k: say(v["msg"], gettext) if isinstance(v, dict) and "msg" in v else v
                  for k, v in params.items()}
        out.append(particles(gettext(template).format(**values)))
    return "".join(out)


# Korean particles whose form depends on the syllable before them. A catalogue writes both forms,
# 이(가), because a value filled in ({what}) can end either way; once it is in, the right one is known
# after Hangul (after code or a number both forms stay, as Korean software writes them).
_PARTICLES = {"이(가)": ("이", "가"), "을(를)": ("을", "를"), "은(는)": ("은", "는"), "과(와)": ("과", "와")}
_PARTICLE = re.compile(r"([가-힣])(이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)")


def particles(text):
    """`text` with 이(가), 을(를), 은(는), 과(와) and (으)로 after a Hangul syllable in their right form."""
    def right(match):
        before, pair = match.groups()
        final = (ord(before) - 0xAC00) % 28          # 0: no final consonant; 8: ㄹ
        if pair == "(으)로":
            return before + ("로" if final in (0, 8) else "으로")
        return before + _PARTICLES[pair][0 if final else 1]
    return _PARTICLE.sub(right, text)


def pick(texts, lang=DEFAULT_LANGUAGE):
    """A pack text in `lang`, from its {"en": ..., "ko": ...} entry (English where it lacks `lang`)."""
    return texts.get(lang) or texts.get(DEFAULT_LANGUAGE, "")
