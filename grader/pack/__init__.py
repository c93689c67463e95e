"""The challenge pack as data: one folder per question, discovered, -> frozen dataclasses.

A question is the folder ``qNN_name/`` of this package (its id is ``qNN``, its
submission file ``qNN_name.py``, as in ``challenges/`` and ``reference/``), holding
``question.yaml`` (texts in English and Korean, functions, points, checks, hints),
``test_hidden.py`` (the hidden tests; a module-level ``warm_up()`` is work of theirs that
does not involve the candidate, which the runner does while the question's first worker
starts) and optionally ``figures.py`` (the report's experiment). ``pack.yaml`` holds the rules of the whole pack; ``shared.py`` what the
hidden tests share.
"""

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import yaml

PACK_DIR = Path(__file__).parent

VALUE = "value"
PROPERTY = "property"


@dataclass(frozen=True)
class Function:
    """One challenge function: what a candidate implements, what it is worth, how it is checked."""

    name: str
    points: int
    hints: tuple              # stages, from the idea to the pitfall: each {"en": ..., "ko": ...}
    value_checks: tuple       # hidden test names: does it return what the contract says?
    property_checks: tuple    # of (hidden test name, short label in English): how does it do so?
    labels: tuple = ()        # of (hidden test name, {"en": ..., "ko": ...}): the labels in every language

    def label(self, test, lang="en"):
        """The short label of a property check in `lang` (English where it has none in `lang`)."""
        texts = dict(self.labels).get(test, {})
        return texts.get(lang) or texts.get("en", "")

    def labels_in(self, lang):
        """The labels of every property check in `lang`, in their order."""
        return [self.label(name, lang) for name, _ in self.property_checks]

    @property
    def checks(self):
        """Every hidden test name of this function, value checks first."""
        return self.value_checks + tuple(name for name, _ in self.property_checks)


@dataclass(frozen=True)
class Question:
    """One of the ten questions: its texts (en/ko) and its functions."""

    id: str            # "q01"
    module: str        # "q01_perturb": its folder's name, and the file name in a submission without .py
    folder: Path       # grader/pack/q01_perturb
    title: dict        # {"en": ..., "ko": ...}
    question: dict
    explanation: dict
    misconceptions: tuple
    functions: tuple   # of Function

    @property
    def points(self):
        return sum(f.points for f in self.functions)

    @property
    def filename(self):
        return self.module + ".py"

    def function(self, name):
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Pack:
    questions: tuple          # of Question, in id order
    contract: str             # the CHALLENGES.md version the pack implements (pack.yaml)
    value_share: Fraction     # of a function's points held by its value checks (pack.yaml)
    parallel_order: tuple = ()   # of tuples of question ids: how grading processes share them out

    def shares(self, qids):
        """`qids` in the entries that grading processes take one at a time (pack.yaml
        parallel_order): each a tuple of question ids that one process grades in that order."""
        wanted, entries = set(qids), []
        for entry in self.parallel_order:
            mine = tuple(q for q in entry if q in wanted)
            if mine:
                entries.append(mine)
        named = {q for entry in entries for q in entry}
        return entries + [(q,) for q in qids if q not in named]

    @property
    def points(self):
        return sum(q.points for q in self.questions)

    def question(self, qid):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def _function(doc):
    value = tuple(doc.get("value", ()))
    # A label is a string (English) or {en: ..., ko: ...}.
    labels = tuple((name, dict(label) if isinstance(label, dict) else {"en": str(label)})
                   for name, label in (doc.get("properties") or {}).items())
    properties = tuple((name, texts["en"]) for name, texts in labels)
    if not value:
        raise ValueError(f"pack: function {doc['name']} has no value check")
    if len(set(value) | {n for n, _ in properties}) != len(value) + len(properties):
        raise ValueError(f"pack: function {doc['name']} lists a hidden test twice")
    return Function(doc["name"], int(doc["points"]), tuple(_hint(h) for h in doc.get("hints", ())),
                    value, properties, labels)


def _hint(stage):
    """One hint stage as {"en": ..., "ko": ...}; a bare string is English only (no Korean yet)."""
    return dict(stage) if isinstance(stage, dict) else {"en": str(stage)}


def _misconception(item):
    """{"claim": {en, ko}, "correction": {en, ko}, "functions": (names,)}; a bare string is an
    English claim with no correction yet."""
    if not isinstance(item, dict):
        return {"claim": {"en": str(item)}, "correction": {}, "functions": ()}
    return {"claim": dict(item["claim"]), "correction": dict(item.get("correction") or {}),
            "functions": tuple(item.get("functions") or ())}


def _question(folder, doc):
    functions = tuple(_function(f) for f in doc["functions"])
    return Question(id=folder.name.split("_", 1)[0], module=folder.name, folder=folder, title=dict(doc["title"]),
                    question=dict(doc["question"]), explanation=dict(doc["explanation"]),
                    misconceptions=tuple(_misconception(m) for m in doc.get("misconceptions", ())),
                    functions=functions)


# libyaml's parser where PyYAML was built with it: 0.02 s for the pack instead of 0.13 s.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def load_pack(directory=PACK_DIR):
    """Every question folder in `directory`, sorted by id, and the pack-wide rules of pack.yaml.

    Read once per process and directory (the pack is frozen data)."""
    return _load_pack(Path(directory).resolve())


@lru_cache(maxsize=None)
def _load_pack(directory):
    rules = _read_yaml(directory / "pack.yaml")
    value_share = Fraction(str(rules["scoring"]["value_share"]))
    if not 0 < value_share <= 1:
        raise ValueError("pack.yaml: scoring.value_share must lie in (0, 1]")
    questions = []
    for path in sorted(directory.glob("q*_*/question.yaml")):
        questions.append(_question(path.parent, _read_yaml(path)))
    ids = {q.id for q in questions}
    order = tuple(tuple(e) if isinstance(e, list) else (e,) for e in rules.get("parallel_order", ()))
    named = [q for entry in order for q in entry]
    if len(set(named)) != len(named) or not set(named) <= ids:
        raise ValueError("pack.yaml: parallel_order must name known questions, each once")
    return Pack(tuple(sorted(questions, key=lambda q: q.id)), str(rules["contract"]), value_share, order)
