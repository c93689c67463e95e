"""The challenge pack as data: YAML texts, points and hints -> frozen dataclasses."""

from dataclasses import dataclass
from pathlib import Path

import yaml

PACK_DIR = Path(__file__).with_name("pack")


@dataclass(frozen=True)
class Function:
    """One challenge function: what a candidate implements, and what it is worth."""

    name: str
    points: int
    hints: tuple


@dataclass(frozen=True)
class Question:
    """One of the ten questions: its texts (en/ko) and its functions."""

    id: str            # "q01"
    module: str        # "q01_perturb": the file name in a submission, without .py
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
    questions: tuple   # of Question, in id order

    @property
    def points(self):
        return sum(q.points for q in self.questions)

    def question(self, qid):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def _question(doc):
    functions = tuple(Function(f["name"], int(f["points"]), tuple(f.get("hints", ())))
                      for f in doc["functions"])
    return Question(id=doc["id"], module=doc["module"], title=dict(doc["title"]),
                    question=dict(doc["question"]), explanation=dict(doc["explanation"]),
                    misconceptions=tuple(doc.get("misconceptions", ())), functions=functions)


def load_pack(directory=PACK_DIR):
    """Every question file in `directory`, sorted by id."""
    questions = []
    for path in sorted(Path(directory).glob("q*.yaml")):
        with open(path, encoding="utf-8") as fh:
            questions.append(_question(yaml.safe_load(fh)))
    return Pack(tuple(sorted(questions, key=lambda q: q.id)))
