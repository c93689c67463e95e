"""The candidate's functions as the hidden tests see them.

A hidden test calls ``perturb_and_measure(predict, w, X, 3)`` on a proxy; the
call travels to the question's worker, callables passed in (``predict``) run
here in the grading process when the candidate's code calls them, and what
comes back is an ``Outcome`` of plain data. Problems of the submission itself
(not implemented, import error, crash, time limit) raise ``SubmissionProblem``,
whose message is the test's feedback.
"""

import hashlib
import time
from dataclasses import dataclass, field

import numpy as np

from gdkit.protocol import Channel, FrameTooLarge, Handle, PeerGone, PeerTimeout, ProtocolError

DEFAULT_TIMEOUT = 10.0     # seconds of wall time per call, callbacks included
START_TIMEOUT = 30.0       # seconds for a worker to start and import the submission


class SubmissionProblem(Exception):
    """The submission could not be asked (or did not answer); the message is the feedback."""


class NotImplementedByCandidate(SubmissionProblem):
    """The candidate's function raised NotImplementedError: still the stub."""


@dataclass(frozen=True)
class Raised:
    """An exception the candidate's code raised, as plain data."""

    type: str          # class name, e.g. "ValueError"
    bases: tuple       # names of the built-in classes in its MRO
    message: str

    def is_a(self, exc_class):
        return exc_class.__name__ in self.bases or exc_class.__name__ == self.type


@dataclass
class Outcome:
    """What one call of a candidate function gave: a value or an exception, plus side facts."""

    value: object = None
    raised: Raised = None
    after: list = field(default_factory=list)   # positional args after the call (arrays or digests)
    stats: dict = field(default_factory=dict)   # measurements made in the worker (scale calls)


def digest(arr):
    """The digest the worker reports for large arrays."""
    return hashlib.blake2b(np.ascontiguousarray(arr).tobytes(), digest_size=16).hexdigest()


class _Callbacks:
    """Callables passed to the candidate, by number, for the duration of one call."""

    def __init__(self):
        self.table = {}

    def register(self, fn):
        number = len(self.table) + 1
        self.table[number] = fn
        return number


class QuestionSession:
    """Talks to the workers of one question; replaces a worker that died."""

    def __init__(self, sandbox, question, prestarted=None):
        self.sandbox = sandbox
        self.question = question
        self.worker = prestarted
        self.hello = None
        self.outputs = []

    @staticmethod
    def start(sandbox, question):
        return sandbox.start(question.filename, [f.name for f in question.functions])

    def _connect(self):
        if self.worker is None:
            self.worker = self.start(self.sandbox, self.question)
        self.channel = Channel(self.worker.sock)
        try:
            self.hello = self.channel.recv(deadline=time.monotonic() + START_TIMEOUT)
        except PeerTimeout:
            self._drop()
            raise SubmissionProblem(f"{self.question.filename} did not finish importing within "
                                    f"{START_TIMEOUT:.0f} s.") from None
        except (PeerGone, ProtocolError):
            self._drop()
            raise SubmissionProblem(f"The worker running {self.question.filename} exited while "
                                    "importing it (os._exit, a crash or a resource limit).") from None

    def _drop(self):
        if self.worker is not None:
            self.worker.kill()
            self.outputs.append(self.worker.output())
            self.worker = None
            self.hello = None

    def close(self):
        if self.worker is not None:
            try:
                self.channel.send({"op": "exit"})
            except OSError:
                pass
            self._drop()

    def _ready(self, fn_name):
        if self.hello is None:
            self._connect()
        problem = self.hello.get("problem")
        if problem is not None:
            where = f" (line {problem['line']})" if problem.get("line") else ""
            raise SubmissionProblem(
                f"{self.question.filename} could not be imported: {problem['type']}{where}: "
                f"{problem['message']}".strip().rstrip(":"))
        status = self.hello.get("functions", {}).get(fn_name)
        if status != "ok":
            raise SubmissionProblem(f"{fn_name} is {status or 'missing'} in {self.question.filename}.")

    def request(self, fn_name, message, timeout, callbacks=None):
        """Send a request and serve callbacks until the answer comes; returns the answer."""
        self._ready(fn_name)
        deadline = time.monotonic() + timeout
        try:
            self.channel.send(message, register_callable=callbacks.register if callbacks else None)
            while True:
                answer = self.channel.recv(deadline=deadline)
                if answer.get("op") != "callback":
                    break
                self._serve_callback(answer, callbacks, deadline)
        except PeerTimeout:
            self._drop()
            raise SubmissionProblem(f"{fn_name} did not finish within {timeout:g} s "
                                    "(wall-time limit); the worker was stopped.") from None
        except FrameTooLarge:
            self._drop()
            raise SubmissionProblem(f"{fn_name} returned a value larger than the size limit.") from None
        except (PeerGone, ProtocolError, OSError):
            self._drop()
            raise SubmissionProblem(f"The worker process died while running {fn_name} "
                                    "(os._exit, a crash or a resource limit).") from None
        if answer.get("op") == "too_large":
            raise SubmissionProblem(f"{fn_name} returned a value larger than the size limit.")
        return answer

    def _serve_callback(self, message, callbacks, deadline):
        fn = callbacks.table.get(message.get("n")) if callbacks else None
        if fn is None:
            raise ProtocolError("callback to an unknown function")
        try:
            value = fn(*message.get("args", []), **message.get("kwargs", {}))
            reply = {"op": "reply", "value": value}
        except Exception as exc:  # noqa: BLE001 - the candidate's code must see the failure
            reply = {"op": "reply", "raise": type(exc).__name__, "message": str(exc)[:200]}
        self.channel.send(reply)


def _outcome(fn_name, answer, session):
    after = answer.get("after") or []
    stats = answer.get("stats") or {}
    if answer.get("op") == "raise":
        raised = Raised(answer.get("type", "?"), tuple(answer.get("bases", ())),
                        answer.get("message", ""))
        if raised.type == "NotImplementedError":
            raise NotImplementedByCandidate(f"{fn_name} is not implemented yet "
                                            "(it raises NotImplementedError).")
        return Outcome(raised=raised, after=after, stats=stats)
    if answer.get("op") != "return":
        raise SubmissionProblem(f"The worker sent an unexpected answer to {fn_name}.")
    return Outcome(value=_bind_handles(answer.get("value"), session), after=after, stats=stats)


def _bind_handles(value, session):
    if isinstance(value, Handle):
        return RemoteCallable(session, value)
    if isinstance(value, tuple):
        return tuple(_bind_handles(v, session) for v in value)
    if isinstance(value, list):
        return [_bind_handles(v, session) for v in value]
    return value


class RemoteCallable:
    """A callable the candidate returned; it can only be evaluated in its worker."""

    def __init__(self, session, handle):
        self.session = session
        self.handle = handle

    def evaluate(self, batch, timeout=DEFAULT_TIMEOUT):
        """Call it once per argument tuple in `batch`; returns a list of Outcome."""
        answer = self.session.request(
            "the returned function",
            {"op": "invoke", "n": self.handle.number, "batch": [list(args) for args in batch]},
            timeout)
        if answer.get("op") == "raise":
            raise SubmissionProblem("The returned function could not be evaluated.")
        results = []
        for item in answer.get("value") or []:
            if isinstance(item, dict) and item.get("op") == "raise":
                results.append(Outcome(raised=Raised(item.get("type", "?"), tuple(item.get("bases", ())),
                                                     item.get("message", ""))))
            elif isinstance(item, dict):
                results.append(Outcome(value=item.get("value")))
            else:
                raise SubmissionProblem("The returned function answered with malformed data.")
        return results


class CandidateFunction:
    """One challenge function of the submission, callable from a hidden test."""

    def __init__(self, session, name, timeout=DEFAULT_TIMEOUT):
        self.session = session
        self.name = name
        self.timeout = timeout

    def with_timeout(self, seconds):
        return CandidateFunction(self.session, self.name, seconds)

    def __call__(self, *args, **kwargs):
        callbacks = _Callbacks()
        answer = self.session.request(
            self.name, {"op": "call", "fn": self.name, "args": list(args), "kwargs": kwargs},
            self.timeout, callbacks)
        return _outcome(self.name, answer, self.session)

    def at_scale(self, seed, *args):
        """Call it in the worker on the 30M-weight model; args name "predict", "w", "X", "Y"
        as strings for the worker's own objects. Outcome.stats has calls, extra_bytes,
        w_unchanged and w_nbytes."""
        wired = [{"__local__": a} if a in ("predict", "w", "X", "Y") else a for a in args]
        answer = self.session.request(
            self.name, {"op": "scale", "fn": self.name, "seed": seed, "args": wired},
            max(self.timeout, 60.0))
        return _outcome(self.name, answer, self.session)
