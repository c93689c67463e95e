"""Drive the hidden tests with pytest, one worker per question, and collect outcomes.

Data flows one way: the pack says which questions and functions exist, pytest
runs the hidden property tests against proxies of the candidate's functions,
and this module hands back one unscored ``TestResult`` per test (plain data) for scoring.

With ``jobs`` > 1 the grading process forks that many grading processes (no candidate
code has run anywhere yet; each starts its own workers), and each takes the next
entry not yet taken of the pack's parallel order (pack.yaml: longest first, questions
sharing a large input together) whenever it is free. A question runs whole in one of
them, with its own time budget, so its outcomes do not depend on what was graded beside
it, and they are merged back in the pack's order: the same results as grading one
question after another.
"""

import json
import os
from dataclasses import asdict

import pytest

from gdgrade.budget import TimeBudget
from gdgrade.cases import describe_call
from gdgrade.drawing import drawn_by
from gdgrade.i18n import msg, parts_of
from gdgrade.pack import PACK_DIR
from gdgrade.proxy import CandidateFunction, QuestionSession, SubmissionProblem
from gdgrade.results import TestResult


class GradingPlugin:
    """A pytest plugin: hands each hidden test its proxies and records each outcome."""

    def __init__(self, pack, sandbox, seed, questions, progress=None, claim=None, draw=False):
        self.pack = pack
        self.sandbox = sandbox
        self.seed = seed
        self.questions = [pack.question(q) for q in questions]
        self.by_folder = {q.module: q for q in pack.questions}   # a test's question is its folder
        self.progress = progress or (lambda line: None)
        functions = sum(len(q.functions) for q in self.questions)
        self.budgets = {q.id: TimeBudget(sandbox.limits, len(q.functions), functions) for q in self.questions}
        # claim() -> the ids of the next questions this process grades (an entry of
        # Pack.shares), or raises StopIteration when none are left.
        self.claim = claim or iter([(q.id,) for q in self.questions]).__next__
        self._claimed = []    # ids claimed and not yet begun, in order
        self.sessions = {}
        self.outcomes = []
        self.draw = draw      # draw the figures of each question solved with its own functions
        self.drawn = {}       # question id -> gdgrade.drawing.drawn_by(...)
        self.collection_errors = []
        self._errors = {}
        self._durations = {}
        self._started = {}
        self._function = None
        self._first = None    # the question claimed first, at the start of the session

    # -- workers -----------------------------------------------------------------
    def session(self, qid):
        """The worker session of question `qid` (the question being graded)."""
        if qid not in self.sessions:
            q = self.pack.question(qid)
            present = (self.sandbox.submission / q.filename).is_file()
            prestarted = self._started.pop(qid, None)
            hello = QuestionSession.stub_hello(self.sandbox, q) if present and prestarted is None else None
            self.sessions[qid] = (QuestionSession(self.sandbox, q, self.budgets[qid], prestarted, hello) if present
                                  else _MissingFile(q, self.sandbox.limits))
        return self.sessions[qid]

    def _prestart(self, qid):
        """Start the worker of the question graded next while this one is graded."""
        q = self.pack.question(qid)
        if qid not in self._started and needs_worker(self.sandbox, q):
            self._started[qid] = QuestionSession.start(self.sandbox, q)

    def function(self, folder, fn_name):
        """The submission's `fn_name`, for a hidden test in the question folder named `folder`."""
        qid = self.by_folder[folder].id
        self._function = CandidateFunction(self.session(qid), fn_name)   # the test running now uses it
        return self._function

    def close(self):
        for s in self.sessions.values():
            s.close()
        for w in self._started.values():
            w.kill()

    # -- pytest hooks --------------------------------------------------------------
    def pytest_configure(self, config):
        config.gdgrade = self

    def begin(self):
        """Claim the first question and start its worker, before pytest starts: the worker
        starts (0.07 s) while pytest configures itself and loads the hidden tests."""
        self._first = self._next_claim()
        if self._first is not None:
            self._prestart(self._first)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        """Grade whole questions, each as claim() hands them out, in collection order within."""
        if session.testsfailed:
            raise session.Interrupted("the hidden tests failed to load")
        items = {}
        for item in session.items:
            items.setdefault(self._question(item).id, []).append(item)
        qid = self._first
        if qid in self._started:   # its worker is starting: meanwhile, what its tests will build
            _warm_up(items.get(qid, ()))
        while qid is not None:
            following = self._next_claim()
            if following is not None:
                self._prestart(following)
            self.progress(f"grading {qid} ({self.pack.question(qid).filename})")
            todo = items.get(qid, [])
            for k, item in enumerate(todo):
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=todo[k + 1] if k + 1 < len(todo) else None)
            if self.draw and qid in self.sessions and self._solved(qid):
                # After its last test, so drawing cannot change a score; from its worker, before it closes.
                self.drawn[qid] = drawn_by(self.pack.question(qid), self.sessions[qid])
            if qid in self.sessions:
                self.sessions.pop(qid).close()
            qid = following
        return True

    def _solved(self, qid):
        """Every hidden test of `qid` passed (so its report shows the figures)."""
        mine = [o for o in self.outcomes if o.question == qid]
        return bool(mine) and all(o.passed for o in mine)

    def _next_claim(self):
        """The id of the next question this process grades, or None when none is left."""
        if not self._claimed:
            try:
                self._claimed = list(self.claim())
            except StopIteration:
                return None
        return self._claimed.pop(0)

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
        last = self._function.last_call if self._function is not None and self._function.name == names[0] else {}
        case = describe_call(names[0], last["args"], last["kwargs"]) if exc is not None and last else ""
        self._function = None
        self.outcomes.append(TestResult(qid, names[0], item.name, doc, exc is None, str(feedback), internal,
                                         self._durations.pop(report.nodeid, 0.0), message=parts_of(feedback),
                                         case=case))

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
        raise SubmissionProblem(msg("{file} is missing from the submission.", file=self.question.filename))

    def close(self):
        pass


def _feedback(exc):
    """(feedback for the candidate, internal detail for staff) from a test's exception."""
    if exc is None:
        return "", ""
    if isinstance(exc, (SubmissionProblem, AssertionError)):
        said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
        return said or msg("The property does not hold."), ""
    return (msg("The grader could not check this property on the value returned."),
            f"{type(exc).__name__}: {exc}")


def _warm_up(items):
    """Call the question module's warm_up() if it has one: work of the hidden tests that does not
    involve the candidate (building a large input), done while the question's first worker starts.
    What it raises, the test that needs the work meets again and reports."""
    warm_up = getattr(items[0].module, "warm_up", None) if items else None
    if callable(warm_up):
        try:
            warm_up()
        except Exception:  # noqa: BLE001 - see the docstring
            pass


def needs_worker(sandbox, question):
    """Whether grading `question` starts a worker: its file is in the submission and is not the
    bundled stub (whose hello is known without one, gdgrade.sandbox.stubs)."""
    return ((sandbox.submission / question.filename).is_file()
            and QuestionSession.stub_hello(sandbox, question) is None)


def grading_processes(pack, sandbox, questions, jobs):
    """How many grading processes `questions` are worth: at most `jobs`, and no more than the
    questions that start a worker. The others' tests end at once, and a process of their own
    would cost more (0.1 s) than it saves."""
    return max(1, min(jobs, sum(needs_worker(sandbox, pack.question(q)) for q in questions)))


def run_hidden_tests(pack, sandbox, seed, questions, progress=None, jobs=1, draw=False):
    """Run every hidden test of `questions`, in `jobs` grading processes; returns (outcomes in the
    pack's order, collection errors, seconds spent waiting on workers, figures drawn: {question id:
    gdgrade.drawing.drawn_by(...)} for the questions solved, when `draw`)."""
    jobs = max(1, min(jobs, len(questions)))
    if jobs == 1:
        return _run_session(pack, sandbox, seed, questions, progress, draw=draw)
    return _run_forked(pack, sandbox, seed, questions, progress, jobs, draw)


_UNUSED_PLUGINS = ("cacheprovider", "terminal", "logging", "warnings", "unittest", "legacypath", "tmpdir",
                   "monkeypatch", "recwarn", "pastebin", "junitxml", "doctest", "setuponly", "setupplan",
                   "stepwise", "unraisableexception", "threadexception", "subtests")


def _run_session(pack, sandbox, seed, questions, progress, claim=None, draw=False):
    plugin = GradingPlugin(pack, sandbox, seed, questions, progress, claim, draw)
    # Third-party plugins (hypothesis, benchmark...) would slow every grading run and
    # could change its behaviour; the hidden tests need none of them, nor pytest's own
    # plugins below (they use pytest.fixture only): each costs hook calls per test, and
    # the unraisable-exception one a full garbage collection per session.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    folders = [str(q.folder) for q in plugin.questions]
    args = [*folders, "-c", os.devnull, "--rootdir", str(PACK_DIR), "-p", "gdgrade.pack.shared",
            *[a for name in _UNUSED_PLUGINS for a in ("-p", f"no:{name}")],
            "--assert=plain", "--import-mode=importlib",
            "--capture=no", "-o", "python_files=test_hidden.py"]
    try:
        plugin.begin()
        status = pytest.main(args, plugins=[plugin])
    finally:
        plugin.close()
    if status == pytest.ExitCode.INTERRUPTED:     # pytest caught the Ctrl-C; the caller ends cleanly
        raise KeyboardInterrupt
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the hidden tests (exit status {int(status)})"
                           + "".join("\n" + e for e in plugin.collection_errors))
    return (plugin.outcomes, plugin.collection_errors, sum(b.spent for b in plugin.budgets.values()),
            plugin.drawn)


def _run_forked(pack, sandbox, seed, questions, progress, jobs, draw):
    """`jobs` forked grading processes share out the questions (the entries of Pack.shares)
    through a pipe of their indices (a read of one byte from a pipe is atomic: each index is
    taken once); each sends back its outcomes as JSON. Processes they leave behind are the
    caller's to reap (become_subreaper)."""
    order = list(questions)
    entries = pack.shares(order)
    if len(entries) > 255:
        raise ValueError("at most 255 questions can be graded in parallel")
    claims_r, claims_w = os.pipe()
    os.write(claims_w, bytes(range(len(entries))))
    os.close(claims_w)

    def claim():
        taken = os.read(claims_r, 1)
        if not taken:
            raise StopIteration
        return entries[taken[0]]

    children = []
    for _ in range(jobs):
        out_r, out_w = os.pipe()
        pid = os.fork()
        if pid == 0:   # a grading process: grade what it claims, report, and leave at once
            status = 1
            try:
                os.close(out_r)
                outcomes, errors, waited, drawn = _run_session(pack, sandbox, seed, order, progress, claim, draw)
                data = json.dumps({"outcomes": [asdict(o) for o in outcomes], "errors": errors,
                                   "waited": waited, "drawn": drawn}).encode()
                with os.fdopen(out_w, "wb") as fh:
                    fh.write(data)
                status = 0
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
                try:
                    os.write(out_w, json.dumps({"failure": f"{type(exc).__name__}: {exc}"}).encode())
                except OSError:
                    pass
            finally:
                os._exit(status)
        os.close(out_w)
        children.append((pid, out_r))
    os.close(claims_r)
    reports = []
    for pid, out_r in children:
        with os.fdopen(out_r, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        report = json.loads(data) if data else {"failure": "a grading process ended without a report"}
        if "failure" in report:
            raise RuntimeError(f"a grading process failed: {report['failure']}")
        reports.append(report)
    position = {qid: k for k, qid in enumerate(order)}
    outcomes = [TestResult(**o) for r in reports for o in r["outcomes"]]
    # Stable: within a question, the order its one grading process ran its tests in.
    outcomes.sort(key=lambda o: position[o.question])
    drawn = {qid: d for r in reports for qid, d in r["drawn"].items()}
    return (outcomes, [e for r in reports for e in r["errors"]], sum(r["waited"] for r in reports),
            {qid: drawn[qid] for qid in order if qid in drawn})
