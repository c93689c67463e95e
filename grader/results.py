"""Results as dataclasses, their Gradescope export, and atomic file writes."""

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gdgrade.i18n import N_, msg, say

STATUS_PASSED = "passed"
STATUS_FAILED = "failed"

# The feedback of every check of a function that raises NotImplementedError (a stub).
NOT_IMPLEMENTED = N_("{fn} is not implemented yet (it raises NotImplementedError).")


@dataclass(frozen=True)
class TestResult:
    """One hidden test of one function: its outcome (from the runner), then its score (from scoring)."""

    __test__ = False  # a result, not a pytest test class
    question: str          # "q01"
    function: str          # challenge function scored by this test
    name: str              # hidden test name, e.g. "test_restores_weights_bitwise"
    doc: str               # the property, one sentence
    passed: bool           # the check held (it earns its share only when it also counts)
    feedback: str          # plain sentences for the candidate; "" when passed
    internal_error: str = ""  # grader-side exception, for staff only, never shown as feedback
    duration: float = 0.0  # seconds, setup + call + teardown
    message: tuple = ()    # the feedback as gdgrade.i18n parts (plain data), to say it in another language
    case: str = ""         # a failed test's last call of the function (gdgrade.cases), for staff only
    # Set by scoring:
    kind: str = ""         # "value" (what it returns) or "property" (how it does so)
    counted: bool = True   # False for a property check while a value check of its function fails
    score: float = 0.0     # points earned
    max_score: float = 0.0  # points at stake

    def feedback_in(self, gettext):
        """The feedback in the language of `gettext` (a gdgrade.i18n translator)."""
        return say(self.message, gettext) if self.message else self.feedback

    @property
    def not_implemented(self):
        """The check failed because the function is still a stub."""
        return not self.passed and bool(self.message) and self.message[0][0] == NOT_IMPLEMENTED

    @property
    def status(self):
        return STATUS_PASSED if self.passed and self.counted else STATUS_FAILED

    @property
    def title(self):
        """'restores weights bitwise' from 'test_restores_weights_bitwise'."""
        return self.name.removeprefix("test_").replace("_", " ")


@dataclass(frozen=True)
class FunctionScore:
    """One function's score and the state of its two kinds of checks."""

    name: str
    score: float
    max_score: int
    value_passed: int       # value checks that passed
    value_total: int
    property_passed: int    # property checks that held (counted or not)
    property_total: int
    properties_count: bool  # every value check passed, so the property checks earn their shares
    property_labels: tuple  # short names of the property checks, for the sentence below

    @property
    def passed(self):
        return self.value_passed + self.property_passed

    @property
    def total(self):
        return self.value_total + self.property_total

    @property
    def pending_note(self):
        """The sentence saying the property checks do not count yet; "" when they do (or there are none)."""
        return self.pending(self.property_labels)

    def pending(self, labels):
        """pending_note with the checks' labels in another language (a Msg, or "")."""
        if self.properties_count or not self.property_total:
            return ""
        said = (N_("{n} property checks ({labels}) count once every value check of {fn} passes.")
                if self.property_total > 1 else
                N_("{n} property check ({labels}) counts once every value check of {fn} passes."))
        return msg(said, n=self.property_total, labels=", ".join(labels), fn=self.name)


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
            "isolation": self.meta.get("isolation", {}),
            "visibility": "visible",
            "tests": [self._gradescope_test(t) for t in self.tests],
            # Gradescope keeps extra_data as is: the structure behind the scores.
            "extra_data": {"functions": [{
                "question": q.id, "function": f.name, "score": f.score, "max_score": f.max_score,
                "value_checks_passed": f.value_passed, "value_checks": f.value_total,
                "property_checks_passed": f.property_passed, "property_checks": f.property_total,
                "properties_count": f.properties_count,
            } for q in self.questions for f in q.functions],
                # Stages of hints shown by `gdgrade hint`, as the submission's .gdgrade/ records them.
                "hints_used": [{"question": qid, "function": name, "stages": shown}
                               for qid, name, shown in self.meta.get("hints_used", ())]},
        }

    def function_score(self, question, name):
        for q in self.questions:
            for f in q.functions:
                if q.id == question and f.name == name:
                    return f
        raise KeyError((question, name))

    def _gradescope_test(self, t):
        output = t.feedback if not t.passed else ""
        if not t.counted:
            held = "This property held, but it is not counted yet: " if t.passed else "Not counted yet: "
            output = " ".join(filter(None, (held + self.function_score(t.question, t.function).pending_note,
                                            output)))
        return {
            "name": f"{t.question} {t.function} ({t.kind} check): {t.title}",
            "score": t.score,
            "max_score": t.max_score,
            "status": t.status,
            "output": output,
            "visibility": "visible",
            "tags": [t.question, t.function, t.kind],
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
