"""The candidate's functions as the hidden tests see them.

A hidden test calls ``perturb_and_measure(predict, w, X, 3)`` on a proxy; the
call travels to the question's worker, callables passed in (``predict``) run
here in the grading process when the candidate's code calls them, and what
comes back is an ``Outcome`` of plain data. Problems of the submission itself
(not implemented, import error, crash, time limit) raise ``SubmissionProblem``,
whose message is the test's feedback.

Nothing the worker says about itself is trusted: array arguments travel in
memory files this process reads back after the call (``Outcome.after``), calls
of the callables passed in are counted here, and the memory a call used is read
from the kernel's accounting of the worker process.

Time: every wait on a worker is charged to the question's ``gdgrade.budget.TimeBudget``.
"""

import os
import secrets
import time
from dataclasses import dataclass, field

import numpy as np

from gdgrade.cases import Placeholder
from gdgrade.gdkit import ops
from gdgrade.gdkit.channel import Channel
from gdgrade.gdkit.codec import (MAX_FDS, MAX_FRAME_BYTES, FrameTooLarge, Handle, PeerGone, PeerTimeout, ProtocolError,
                                 SharedArray, sendable_array)
from gdgrade.gdkit.shared import map_shared, new_shared, read_shared, share_array
from gdgrade.i18n import N_, msg
from gdgrade.results import NOT_IMPLEMENTED


class SubmissionProblem(Exception):
    """The submission could not be asked (or did not answer); the message is the feedback."""


class _BudgetCut(Exception):
    """The function's time budget ran out while waiting (internal)."""


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
    after: list = field(default_factory=list)   # positional args after the call, read here (arrays; None for others)
    stats: dict = field(default_factory=dict)   # measurements of an at_scale call


class _Callbacks:
    """Callables passed to the candidate, by number, for the duration of one call."""

    def __init__(self):
        self.table = {}

    def register(self, fn):
        number = len(self.table) + 1
        self.table[number] = fn
        return number


class _SharedArgs:
    """The array arguments of one call, each in a memory file the worker maps.

    `views`: read them through read-only mappings instead of copies (for the
    30M-weight vector; only where the files are sealed against shrinking).
    `read_back`: False when nobody needs the arguments after the call (after() is empty).
    `files`: {position: descriptor} of arguments that are read-only mappings of a sealed
    memory file (the 30M-weight vector, see gdgrade.pack.shared.ScaleProblem): the file is
    passed as it is and left open, and the argument is what reading it gives."""

    def __init__(self, args, views=False, read_back=True, files=None):
        self.originals = list(args)
        self.fds, self.specs, self.args, self.sealed = [], [], [], []
        self.views = views
        self.read_back = read_back
        self.owned = []
        # Views already made, by index: a new mapping of 114 MiB costs 6 ms of page-table
        # faults each time it is read through, one made before none.
        self.mapped = {}
        files = files or {}
        for k, a in enumerate(self.originals):
            if sendable_array(a) and a.size and len(self.fds) < MAX_FDS:
                self.args.append(SharedArray(len(self.fds), a.dtype, a.shape))
                self.specs.append((a.dtype, a.shape))
                if k in files:
                    fd, sealed = files[k], True
                    self.mapped[len(self.fds)] = a
                else:
                    fd, sealed = share_array(a)
                    self.owned.append(fd)
                self.fds.append(fd)
                self.sealed.append(sealed)
            else:
                self.args.append(a)

    def _read(self, index):
        if self.views and self.sealed[index]:
            if index not in self.mapped:   # a mapping shows what the file holds now, every time
                self.mapped[index] = map_shared(self.fds[index], *self.specs[index], writable=False)
            return self.mapped[index]
        return read_shared(self.fds[index], *self.specs[index])

    def resolve(self, index, dtype, shape):
        """A reference from the worker to shared array `index`: its current contents."""
        if not 0 <= index < len(self.fds) or self.specs[index] != (dtype, shape):
            raise ProtocolError("reference to an unknown shared array")
        return self._read(index)

    def after(self):
        """Each positional argument as it is now: arrays read back, None for other values."""
        if not self.read_back:
            return []
        out, k = [], 0
        for original, sent in zip(self.originals, self.args):
            if type(sent) is SharedArray:
                out.append(self._read(k))
                k += 1
            else:
                out.append(original.copy() if sendable_array(original) else None)
        return out

    def close(self):
        for fd in self.owned:
            os.close(fd)
        self.fds, self.owned, self.mapped = [], [], {}


def sealed_array(dtype, shape, parts):
    """(descriptor, read-only array) of a new array holding the bytes of the arrays `parts` one
    after another, in a memory file sealed against resizing, to pass as it is (_SharedArgs
    `files`); (None, a plain read-only array) where files cannot be sealed, which could not be
    mapped safely after a worker had it."""
    fd, sealed, arr = new_shared(dtype, shape, parts)
    if sealed:
        return fd, arr
    os.close(fd)
    arr = np.concatenate([np.asarray(p, dtype=dtype).reshape(-1) for p in parts]).reshape(shape)
    arr.flags.writeable = False
    return None, arr


class QuestionSession:
    """Talks to the workers of one question; replaces a worker that died; keeps time budgets."""

    def __init__(self, sandbox, question, budget, prestarted=None, hello=None):
        """`hello`: what the worker would say, known without one (gdgrade.sandbox.stubs); then
        none is started."""
        self.sandbox = sandbox
        self.question = question
        self.budget = budget
        self.limits = sandbox.limits
        self.worker = prestarted
        self.channel = None
        self.hello = hello
        self.outputs = []       # the start of what each finished worker printed (for staff)
        self.import_problem = None

    @staticmethod
    def start(sandbox, question):
        return sandbox.start(question.filename, [f.name for f in question.functions])

    @staticmethod
    def stub_hello(sandbox, question):
        return sandbox.stub_hello(question.filename, [f.name for f in question.functions])

    # -- the worker's life ---------------------------------------------------------
    def _connect(self, most):
        """Start (or adopt) a worker and wait for its hello: `start_seconds`, or `most` if less."""
        if self.worker is None:
            self.worker = self.start(self.sandbox, self.question)
        self.channel = Channel(self.worker.sock, spin=self.sandbox.spin)
        limit = self.limits.start_seconds
        try:
            self.hello = self.channel.recv(deadline=time.monotonic() + min(limit, most))
            if self.hello.get("op") != ops.HELLO:
                raise ProtocolError("expected hello")
        except PeerTimeout:
            self._drop()
            if most < limit:
                raise _BudgetCut() from None
            self.import_problem = msg("{file} did not finish importing within {limit:g} s.",
                                      file=self.question.filename, limit=limit)
            raise SubmissionProblem(self.import_problem) from None
        except (PeerGone, ProtocolError, OSError):
            reason = self._drop(grace=0.5)
            said = (N_("The worker running {file} ended while importing it ({reason}): os._exit, a crash or "
                       "a resource limit.") if reason else
                    N_("The worker running {file} ended while importing it: os._exit, a crash or a resource "
                       "limit."))
            self.import_problem = msg(said, file=self.question.filename, reason=reason)
            raise SubmissionProblem(self.import_problem) from None

    def _drop(self, grace=0.0):
        """Stop the current worker (and all it started); returns how it ended, in words."""
        reason = ""
        if self.worker is not None:
            self.worker.kill(grace)
            reason = self.worker.exit_reason()
            self.outputs.append(self.worker.output())
            self.worker = None
            self.hello = None
            self.channel = None
        return reason

    def known_stub(self, fn_name):
        """Whether the worker already said `fn_name` only raises NotImplementedError (a hidden
        test then fails before it builds its inputs)."""
        return self.hello is not None and self.hello.get("functions", {}).get(fn_name) == ops.STUB

    def close(self):
        if self.worker is not None:
            if self.channel is not None:
                try:
                    self.channel.send({"op": ops.EXIT}, deadline=time.monotonic() + 1)
                except (OSError, ProtocolError):
                    pass
            self._drop()

    def _ready(self, fn_name, charge):
        """A worker that imported the module and has the challenge function `fn_name`;
        (re)starting one is time charged to `charge`."""
        if self.import_problem is not None:
            raise SubmissionProblem(self.import_problem)
        if self.hello is None:
            started = time.monotonic()
            try:
                self._connect(min(self.budget.allowance(charge), self.budget.pool_left()))
            finally:
                self.budget.spend(time.monotonic() - started, lost_by=charge)
        problem = self.hello.get("problem")
        if problem is not None:
            text = str(problem["message"]).strip().rstrip(":")
            said = (N_("{file} could not be imported: {type} (line {line}): {text}") if problem.get("line") and text
                    else N_("{file} could not be imported: {type} (line {line})") if problem.get("line")
                    else N_("{file} could not be imported: {type}: {text}") if text
                    else N_("{file} could not be imported: {type}"))
            raise SubmissionProblem(msg(said, file=self.question.filename, type=problem["type"],
                                        line=problem.get("line"), text=text))
        status = self.hello.get("functions", {}).get(fn_name)
        if status == ops.STUB:
            raise SubmissionProblem(_not_implemented(fn_name))
        if status != ops.OK:
            said = {None: N_("{fn} is missing in {file}."), ops.MISSING: N_("{fn} is missing in {file}."),
                    ops.NOT_CALLABLE: N_("{fn} is not callable in {file}.")}.get(status, N_("{fn} is {status} in {file}."))
            raise SubmissionProblem(msg(said, fn=fn_name, status=str(status), file=self.question.filename))

    # -- one request -----------------------------------------------------------------
    def request(self, fn_name, message, timeout, callbacks=None, charge=None, on_ready=None, views=False,
                read_back=True, files=None):
        """Send a request and serve callbacks until the answer comes; returns (answer, after).

        Time lost is charged to `charge` (default `fn_name`); the call's limit is `timeout`
        (at most Limits.max_call_seconds), cut short by what that function may still lose
        and by what is left of the submission's total. `on_ready(worker)` runs when a
        measured call is about to start; `views`, `read_back`, `files`: see _SharedArgs."""
        charge = charge or fn_name
        timeout = self.budget.ask(charge, timeout)
        self._check_allowances(charge)
        try:
            # A call needs its own function; evaluating a returned callable needs the one that returned it.
            self._ready(message.get("fn", charge), charge)
        except _BudgetCut:
            raise SubmissionProblem(msg("{file} could not be imported again in the time {fn} had left.",
                                        file=self.question.filename, fn=charge)) from None
        self._check_allowances(charge)
        own, pool = self.budget.allowance(charge), self.budget.pool_left()
        limit = min(timeout, own, pool)
        why = (msg("the wall-time limit of one call") if limit == timeout else
               msg("all the time {fn} may lose to calls that do not finish", fn=charge) if limit == own else
               msg("the rest of the {pool:.3g} s this question may wait on its workers", pool=self.budget.pool))
        start = time.monotonic()
        shared = (_SharedArgs(message.get("args", []), views, read_back, files) if message.get("op") == ops.CALL
                  else None)
        try:
            return self._exchange(fn_name, charge, message, start + limit, callbacks, shared, on_ready)
        except PeerTimeout:
            self._drop()
            raise SubmissionProblem(msg("{fn} did not finish within {limit:.3g} s ({why}); the worker was "
                                        "stopped.", fn=fn_name, limit=limit, why=why)) from None
        finally:
            if shared is not None:
                shared.close()
            # A worker that timed out, crashed or was stopped is gone: its time was lost.
            self.budget.spend(time.monotonic() - start, lost_by=charge if self.worker is None else None)

    def _check_allowances(self, charge):
        if self.budget.allowance(charge) <= 0:
            raise SubmissionProblem(msg(
                "{fn} already lost {lost:.0f} s to calls that did not finish (all it may lose), so this test "
                "was not run.", fn=charge, lost=self.budget.lost[charge]))
        if self.budget.pool_left() <= 0:
            raise SubmissionProblem(msg("Grading this question already took its {pool:.3g} s (its share of the "
                                        "submission's time limit), so this test was not run.",
                                        pool=self.budget.pool))

    def _exchange(self, fn_name, charge, message, deadline, callbacks, shared, on_ready):
        rid = secrets.randbits(62)   # unguessable: frames written ahead of time cannot answer it
        message = {**message, "id": rid}
        if shared is not None:
            message["args"] = shared.args
        received = self.channel.received
        try:
            self.channel.send(message, register_callable=callbacks.register if callbacks else None,
                              fds=shared.fds if shared else (), deadline=deadline)
            while True:
                answer = self.channel.recv(deadline=deadline,
                                           resolve_shared=shared.resolve if shared else None)
                if answer.get("id") != rid:
                    raise ProtocolError("an answer to another request")
                if self.channel.received - received > self.limits.inbound_bytes:
                    self._drop()
                    raise SubmissionProblem(msg(
                        "{fn} sent the grader more than {mib} MiB during one call (through the functions it "
                        "was given); the worker was stopped.", fn=fn_name, mib=self.limits.inbound_bytes >> 20))
                op = answer.get("op")
                if op == ops.CALLBACK:
                    self._serve_callback(answer, callbacks, rid, deadline)
                elif op == ops.READY and on_ready is not None:
                    on_ready(self.worker)
                    self.channel.send({"op": ops.GO, "id": rid}, deadline=deadline)
                else:
                    break
            after = shared.after() if shared is not None else []
        except FrameTooLarge:
            self._drop()
            raise SubmissionProblem(msg("{fn} sent the grader a value larger than the size limit ({mib} MiB); "
                                        "the worker was stopped.", fn=fn_name, mib=MAX_FRAME_BYTES >> 20)) from None
        except PeerTimeout:
            raise
        except (PeerGone, ConnectionError, BrokenPipeError):
            reason = self._drop(grace=0.5)
            said = (N_("The worker process ended while running {fn} ({reason}): os._exit, a crash or a resource "
                       "limit; the next test starts a new worker.") if reason else
                    N_("The worker process ended while running {fn}: os._exit, a crash or a resource limit; the "
                       "next test starts a new worker."))
            raise SubmissionProblem(msg(said, fn=fn_name, reason=reason)) from None
        except (ProtocolError, OSError) as exc:
            self._drop()
            raise SubmissionProblem(msg("The worker running {fn} sent malformed data ({problem}); it was stopped.",
                                        fn=fn_name, problem=str(exc))) from None
        if answer.get("op") == ops.TOO_LARGE:
            raise SubmissionProblem(msg("{fn} returned a value larger than the size limit ({mib} MiB).",
                                        fn=fn_name, mib=MAX_FRAME_BYTES >> 20))
        if answer.get("op") == ops.UNENCODABLE:
            raise SubmissionProblem(msg("{fn} returned a value that cannot be sent as plain data ({problem}).",
                                        fn=fn_name, problem=str(answer.get("message", "?"))))
        return answer, after

    def _serve_callback(self, message, callbacks, rid, deadline):
        fn = callbacks.table.get(message.get("n")) if callbacks else None
        if fn is None:
            raise ProtocolError("callback to an unknown function")
        args, kwargs = message.get("args", []), message.get("kwargs", {})
        if type(args) is not list or type(kwargs) is not dict:
            raise ProtocolError("malformed callback")
        try:
            value = fn(*args, **kwargs)
            reply = {"op": ops.REPLY, "id": rid, "value": value}
        except Exception as exc:  # noqa: BLE001 - the candidate's code must see the failure
            reply = {"op": ops.REPLY, "id": rid, ops.RAISE: type(exc).__name__, "message": str(exc)[:200]}
        self.channel.send(reply, deadline=deadline)


def _not_implemented(fn_name):
    return msg(NOT_IMPLEMENTED, fn=fn_name)


# What the worker says about an exception is the candidate's to choose (it can rewrite the worker):
# the parts that reach feedback and the report are cut to these lengths here.
_TYPE_CHARS, _MESSAGE_CHARS, _BASES = 80, 500, 32


def _raised(report):
    bases = report.get("bases", ())
    bases = tuple(str(b)[:_TYPE_CHARS] for b in bases[:_BASES]) if isinstance(bases, list) else ()
    return Raised(str(report.get("type", "?"))[:_TYPE_CHARS], bases, str(report.get("message", ""))[:_MESSAGE_CHARS])


def _outcome(fn_name, answer, session, after, charge, stats=None):
    stats = stats or {}
    if answer.get("op") == ops.RAISE:
        raised = _raised(answer)
        if raised.type == "NotImplementedError":
            raise SubmissionProblem(_not_implemented(fn_name))
        return Outcome(raised=raised, after=after, stats=stats)
    if answer.get("op") != ops.RETURN:
        raise SubmissionProblem(msg("The worker sent an unexpected answer to {fn}.", fn=fn_name))
    return Outcome(value=_bind_handles(answer.get("value"), session, charge), after=after, stats=stats)


def _bind_handles(value, session, charge):
    if isinstance(value, Handle):
        return RemoteCallable(session, value, charge)
    if isinstance(value, tuple):
        return tuple(_bind_handles(v, session, charge) for v in value)
    if isinstance(value, list):
        return [_bind_handles(v, session, charge) for v in value]
    return value


class RemoteCallable:
    """A callable the candidate returned; it can only be evaluated in its worker."""

    def __init__(self, session, handle, charge):
        self.session = session
        self.handle = handle
        self.charge = charge     # the challenge function that returned it

    def evaluate(self, batch, timeout=None):
        """Call it once per argument tuple in `batch`; returns a list of Outcome."""
        timeout = self.session.limits.call_seconds if timeout is None else timeout
        name = msg("the function returned by {fn}", fn=self.charge)
        answer, _ = self.session.request(
            name, {"op": ops.INVOKE, "n": self.handle.number, "batch": [list(args) for args in batch]},
            timeout, charge=self.charge)
        if answer.get("op") != ops.RETURN or type(answer.get("value")) is not list:
            raise SubmissionProblem(msg("{fn} could not be evaluated.", fn=name))
        results = []
        for item in answer["value"]:
            if isinstance(item, dict) and item.get("op") == ops.RAISE:
                results.append(Outcome(raised=_raised(item)))
            elif isinstance(item, dict):
                results.append(Outcome(value=item.get("value")))
            else:
                raise SubmissionProblem(msg("{fn} answered with malformed data.", fn=name))
        return results


class _Meter:
    """How much of something the kernel counts for the worker grew during a call: `start(worker)`
    reads the base when the call is about to start (the READY of a measured or timed call),
    `grown()` the growth since (None where the kernel does not tell)."""

    def __init__(self, at_start, now):
        self.at_start, self.now = at_start, now   # worker -> value (or None)
        self.worker = self.base = None

    def start(self, worker):
        self.worker = worker
        self.base = self.at_start(worker) if worker is not None else None

    def grown(self):
        value = self.now(self.worker) if self.worker is not None and self.base is not None else None
        return None if value is None else max(0, value - self.base)


def _memory_meter():
    """Peak resident memory: reset the peak at the start, read it after."""
    return _Meter(lambda w: w.reset_peak_memory(), lambda w: w.peak_memory())


def _cpu_meter():
    return _Meter(lambda w: w.cpu_seconds(), lambda w: w.cpu_seconds())


class CandidateFunction:
    """One challenge function of the submission, callable from a hidden test."""

    def __init__(self, session, name, timeout=None, last_call=None):
        self.session = session
        self.name = name
        self.timeout = timeout
        # {"args": ..., "kwargs": ...} of the latest call, shared with with_timeout copies: what
        # staff see where the test fails (gdgrade.cases).
        self.last_call = {} if last_call is None else last_call

    def _timeout(self):
        if self.timeout is not None:
            return self.timeout
        return self.session.limits.call_seconds

    def with_timeout(self, seconds):
        return CandidateFunction(self.session, self.name, seconds, self.last_call)

    def fail_if_known_stub(self):
        if getattr(self.session, "known_stub", lambda name: False)(self.name):
            raise SubmissionProblem(_not_implemented(self.name))

    def __call__(self, *args, **kwargs):
        self.last_call.update(args=args, kwargs=kwargs)
        callbacks = _Callbacks()
        answer, after = self.session.request(
            self.name, {"op": ops.CALL, "fn": self.name, "args": list(args), "kwargs": kwargs},
            self._timeout(), callbacks)
        return _outcome(self.name, answer, self.session, after, self.name)

    def timed(self, *args):
        """Call it and take the worker's CPU time for the call itself (Outcome.stats["cpu_seconds"],
        None where the kernel does not tell): the call starts once its arguments are in place,
        and other processes sharing the cores do not change the figure. Outcome.after is empty: a
        speed check needs no argument back, and reading back its large inputs (Q4's 2001 x 2001
        grid) would cost fresh memory."""
        self.last_call.update(args=args, kwargs={})
        meter = _cpu_meter()
        answer, after = self.session.request(
            self.name, {"op": ops.CALL, "fn": self.name, "args": list(args), "kwargs": {}, "timed": True},
            self._timeout(), _Callbacks(), on_ready=meter.start, read_back=False)
        return _outcome(self.name, answer, self.session, after, self.name, {"cpu_seconds": meter.grown()})

    def at_scale(self, problem, *args):
        """Call it on a large model `problem` = (net, w, X, Y) (the pack's 30M-weight float32 one);
        args name "predict", "w", "X", "Y" as strings for the model's objects.

        predict runs here (calls counted here), w travels in a memory file read back
        here, and memory is the worker's peak resident memory during the call (the
        larger of the kernel's figure and tracemalloc's in the worker). Outcome.stats
        has calls, extra_bytes, w_unchanged and w_nbytes.

        A `problem` with weights_file() (gdgrade.pack.shared.ScaleProblem) keeps w in a memory
        file that goes to the worker as it is; w is unchanged when problem.unchanged() says so
        after the call (the file was checked, or built anew, before it)."""
        weights_file = getattr(problem, "weights_file", None)
        fd = weights_file() if weights_file is not None else None
        net, w, X, Y = problem
        self.last_call.update(args=tuple(Placeholder(f"<{a} of the {w.size:,}-weight model>") if isinstance(a, str)
                                         else a for a in args), kwargs={})
        calls = [0]

        def predict(w_, X_):
            calls[0] += 1
            return net.predict(w_, X_)

        local = {"predict": predict, "w": w, "X": X, "Y": Y}
        wired = [local[a] if isinstance(a, str) and a in local else a for a in args]
        meter = _memory_meter()
        files = None if fd is None else {k: fd for k, a in enumerate(args) if isinstance(a, str) and a == "w"}
        answer, after = self.session.request(
            self.name, {"op": ops.CALL, "fn": self.name, "args": wired, "kwargs": {}, "measure": True},
            self._timeout(), _Callbacks(), on_ready=meter.start, views=True, files=files)
        if fd is not None:
            w_unchanged = problem.unchanged()
        else:
            w_unchanged = all(type(after[k]) is np.ndarray and after[k].shape == w.shape
                              and np.array_equal(after[k].view(np.uint32), w.view(np.uint32))
                              for k, a in enumerate(args) if isinstance(a, str) and a == "w")
        traced = answer.get("traced_peak")
        traced = traced if type(traced) is int and traced > 0 else 0
        stats = {"calls": calls[0], "extra_bytes": int(max(traced, (meter.grown() or 0))),
                 "w_unchanged": bool(w_unchanged), "w_nbytes": int(w.nbytes)}
        del after
        return _outcome(self.name, answer, self.session, [], self.name, stats)
