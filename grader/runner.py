"""Drive the hidden tests with pytest, one worker per question, and collect outcomes.

Data flows one way: the pack says which questions and functions exist, pytest
runs the hidden property tests against proxies of the candidate's functions,
and this module hands back one unscored ``TestResult`` per test (plain data) for scoring.
"""

import os

import pytest

from gdgrade.budget import TimeBudget
from gdgrade.pack import PACK_DIR
from gdgrade.proxy import CandidateFunction, QuestionSession, SubmissionProblem
from gdgrade.results import TestResult



class GradingPlugin:
    """A pytest plugin: hands each hidden test its proxies and records each outcome."""

    def __init__(self, pack, sandbox, seed, questions, progress=None):
        self.pack = pack
        self.sandbox = sandbox
        self.seed = seed
        self.questions = [pack.question(q) for q in questions]
        self.by_folder = {q.module: q for q in pack.questions}   # a test's question is its folder
        self.progress = progress or (lambda line: None)
        self.budget = TimeBudget(sandbox.limits, sum(len(q.functions) for q in self.questions))
        self.sessions = {}
        self.outcomes = []
        self.collection_errors = []
        self._errors = {}
        self._durations = {}
        self._started = {}

    # -- workers -----------------------------------------------------------------
    def session(self, qid):
        """The worker session of question `qid`; starts the next question's worker early."""
        if qid not in self.sessions:
            for other in list(self.sessions):
                self.sessions.pop(other).close()
            q = self.pack.question(qid)
            present = (self.sandbox.submission / q.filename).is_file()
            prestarted = self._started.pop(qid, None)
            self.sessions[qid] = _MissingFile(q, self.sandbox.limits) if not present else QuestionSession(self.sandbox, q, self.budget, prestarted)
            self._prestart_after(qid)
            self.progress(f"grading {qid} ({q.filename})")
        return self.sessions[qid]

    def _prestart_after(self, qid):
        ids = [q.id for q in self.questions]
        if qid in ids and ids.index(qid) + 1 < len(ids):
            nxt = self.questions[ids.index(qid) + 1]
            if nxt.id not in self._started and (self.sandbox.submission / nxt.filename).is_file():
                self._started[nxt.id] = QuestionSession.start(self.sandbox, nxt)

    def function(self, folder, fn_name):
        """The submission's `fn_name`, for a hidden test in the question folder named `folder`."""
        qid = self.by_folder[folder].id
        return CandidateFunction(self.session(qid), fn_name)

    def close(self):
        for s in self.sessions.values():
            s.close()
        for w in self._started.values():
            w.kill()

    # -- pytest hooks --------------------------------------------------------------
    def pytest_configure(self, config):
        config.gdgrade = self

    def pytest_collection_modifyitems(self, session, config, items):
        wanted = {q.id for q in self.questions}
        items[:] = [i for i in items if self._question(i).id in wanted]

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        # A light report: the feedback comes from the exception itself, and pytest's
        # own traceback formatting would cost more than the test (0.02 s a failure).
        if call.excinfo is not None and item.nodeid not in self._errors:
            self._errors[item.nodeid] = call.excinfo.value
        return pytest.TestReport(item.nodeid, item.location, {},
                                 "passed" if call.excinfo is None else "failed",
                                 None if call.excinfo is None else "see feedback",
                                 call.when, duration=call.duration)

    def pytest_runtest_logreport(self, report):
        self._durations[report.nodeid] = self._durations.get(report.nodeid, 0.0) + report.duration
        if report.when != "teardown":
            return
        item = self._items[report.nodeid]
        question = self._question(item)
        qid = question.id
        names = [f.name for f in question.functions if f.name in item.fixturenames]
        if len(names) != 1:
            raise RuntimeError(f"hidden test {item.nodeid} must use exactly one challenge function")
        exc = self._errors.get(report.nodeid)
        feedback, internal = _feedback(exc)
        doc = " ".join((item.function.__doc__ or "").split())
        self.outcomes.append(TestResult(qid, names[0], item.name, doc, exc is None, feedback, internal,
                                         self._durations.pop(report.nodeid, 0.0)))

    def _question(self, item):
        folder = item.path.parent.name
        if folder not in self.by_folder:
            raise RuntimeError(f"hidden test {item.nodeid} is not in a question folder of the pack")
        return self.by_folder[folder]

    def pytest_collection_finish(self, session):
        self._items = {i.nodeid: i for i in session.items}


class _MissingFile:
    """Stands in for a question session when the submission has no file for it."""

    def __init__(self, question, limits):
        self.question = question
        self.limits = limits

    def request(self, fn_name, *args, **kwargs):
        raise SubmissionProblem(f"{self.question.filename} is missing from the submission.")

    def close(self):
        pass


def _feedback(exc):
    """(feedback for the candidate, internal detail for staff) from a test's exception."""
    if exc is None:
        return "", ""
    if isinstance(exc, (SubmissionProblem, AssertionError)):
        return str(exc) or "The property does not hold.", ""
    return ("The grader could not check this property on the value returned.",
            f"{type(exc).__name__}: {exc}")


def run_hidden_tests(pack, sandbox, seed, questions, progress=None):
    """Run every hidden test of `questions`; returns (outcomes, collection errors, seconds spent
    waiting on workers)."""
    plugin = GradingPlugin(pack, sandbox, seed, questions, progress)
    # Third-party plugins (hypothesis, benchmark...) would slow every grading run and
    # could change its behaviour; the hidden tests need none of them.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    folders = [str(q.folder) for q in plugin.questions]
    args = [*folders, "-c", os.devnull, "--rootdir", str(PACK_DIR), "-p", "gdgrade.pack.shared",
            "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:logging",
            "-p", "no:warnings", "--assert=plain", "--import-mode=importlib",
            "--capture=no", "-o", "python_files=test_hidden.py"]
    try:
        status = pytest.main(args, plugins=[plugin])
    finally:
        plugin.close()
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the hidden tests (exit status {int(status)})")
    return plugin.outcomes, plugin.collection_errors, plugin.budget.spent
