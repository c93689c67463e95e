"""Results as dataclasses, their Gradescope export, and atomic file writes."""

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

STATUS_PASSED = "passed"
STATUS_FAILED = "failed"


@dataclass(frozen=True)
class TestResult:

    __test__ = False  # a result, not a pytest test class
    question: str          # "q01"
    function: str          # challenge function scored by this test
    name: str              # hidden test name, e.g. "test_restores_weights_bitwise"
    doc: str               # the property, one sentence
    score: float           # points earned
    max_score: float       # points at stake
    passed: bool
    feedback: str          # plain sentences for the candidate; "" when passed
    internal_error: str = ""  # grader-side exception, for staff only

    @property
    def status(self):
        return STATUS_PASSED if self.passed else STATUS_FAILED

    @property
    def title(self):
        """'restores weights bitwise' from 'test_restores_weights_bitwise'."""
        return self.name.removeprefix("test_").replace("_", " ")


@dataclass(frozen=True)
class FunctionScore:
    name: str
    score: float
    max_score: int
    passed: int            # tests passed
    total: int             # tests run


@dataclass(frozen=True)
class QuestionScore:
    id: str
    score: float
    max_score: int
    functions: tuple       # of FunctionScore


@dataclass(frozen=True)
class Results:
    tests: tuple
    questions: tuple
    meta: dict = field(default_factory=dict)   # isolation, seed, version, timings

    @property
    def score(self):
        return sum(q.score for q in self.questions)

    @property
    def max_score(self):
        return sum(q.max_score for q in self.questions)

    def with_meta(self, **meta):
        return Results(self.tests, self.questions, {**self.meta, **meta})

    def to_gradescope(self):
        """The Gradescope autograder results.json document."""
        return {
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": round(self.meta.get("execution_time", 0.0), 3),
            "output": self.meta.get("summary", ""),
            "visibility": "visible",
            "tests": [{
                "name": f"{t.question} {t.function}: {t.title}",
                "score": t.score,
                "max_score": t.max_score,
                "status": t.status,
                "output": t.feedback if not t.passed else "",
                "visibility": "visible",
                "tags": [t.question, t.function],
            } for t in self.tests],
        }


def write_atomically(path, text):
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(results, path):
    write_atomically(path, json.dumps(results.to_gradescope(), indent=2, ensure_ascii=False) + "\n")
