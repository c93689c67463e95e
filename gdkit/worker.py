"""The worker: loads one submission module and answers calls from the grading process.

It runs in its own process (inside the sandbox where there is one), next to
candidate code, so it decides nothing: it reports what the candidate's functions
returned or raised, as plain data, and the grading process judges. What the
grading process must be able to trust (arrays after a call, calls of the
callables it passed, memory used) it measures itself; the worker only carries
values. Imports: the standard library, NumPy and the rest of ``gdkit`` only.

Started as ``python -I -S -B -c <bootstrap> UID LIB FD MODULE_PATH CONFIG_JSON``
(see ``gdgrade.sandbox``); the bootstrap drops to UID first when it is not "-".
"""

import dis
import importlib.util
import io
import json
import os
import resource
import signal
import socket
import sys
import traceback
import tracemalloc

import numpy as np

from . import netguard, ops
from .channel import Channel
from .codec import FrameTooLarge, Handle, PeerGone, ProtocolError


class CallbackError(RuntimeError):
    """A function passed in by the grader raised; candidate code should let it propagate."""


class _OutputBudget:
    """Bytes of Python-level output still allowed, shared by stdout and stderr."""

    def __init__(self, nbytes):
        self.left = nbytes


class _CappedStream(io.TextIOBase):
    """Text stream that writes until the shared budget is spent and silently drops the rest."""

    def __init__(self, fd, budget):
        self.fd = fd
        self.budget = budget

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        if self.budget.left > 0:
            # At most 4 bytes per character: never encode more than the budget can keep.
            data = text[:self.budget.left].encode("utf-8", "replace")[:self.budget.left]
            self.budget.left -= len(data)
            try:
                os.write(self.fd, data)
            except OSError:
                pass  # past RLIMIT_FSIZE or a closed descriptor: output is best effort
        return len(text)


def _apply_limits(limits):
    """Set this process's resource limits; the hard limit too, so candidate code cannot raise them."""
    for name, value in limits.items():
        res = getattr(resource, "RLIMIT_" + name.upper(), None)
        if res is None:
            continue
        # CPU: SIGXCPU at the soft limit, SIGKILL one second later.
        soft, hard = int(value), int(value) + (1 if name == "cpu" else 0)
        current = resource.getrlimit(res)[1]
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        try:
            resource.setrlimit(res, (soft, hard))
        except (ValueError, OSError):
            pass  # not supported here; the grader reads the limits in force from outside
    # A write past RLIMIT_FSIZE should fail that write, not kill the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _check_no_capabilities():
    """Refuse to run candidate code with any capability left (the sandbox must have dropped them)."""
    try:
        with open("/proc/self/status") as fh:
            caps = {line.split(":")[0]: int(line.split(":")[1], 16)
                    for line in fh if line.startswith(("CapPrm", "CapEff", "CapAmb"))}
    except OSError:
        caps = {"unreadable": 1}
    if any(caps.values()):
        os.write(2, b"gdgrade worker: capabilities left after dropping privileges; refusing to run\n")
        os._exit(70)


def _close_other_fds(keep):
    """Close every descriptor but the standard ones and the grader's socket."""
    os.closerange(3, keep)
    os.closerange(keep + 1, max(keep + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0]))


def _exception_report(exc):
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not kill the report
        message = "<message could not be read>"
    t = type(exc)
    return {"op": ops.RAISE, "type": str(t.__name__),
            "bases": [c.__name__ for c in t.__mro__ if c.__module__ == "builtins"],
            "message": message[:500]}


def _touch(arr):
    """Read one byte per page of a shared array, so reading it later costs no new memory."""
    if arr is not None and arr.size:
        flat = arr.reshape(-1).view(np.uint8)
        int(flat[::4096].max())


class Worker:
    def __init__(self, channel, module):
        self.channel = channel
        self.module = module
        self.returned = {}  # callables the candidate returned, by number
        self.shared = []    # the shared arrays of the request being answered
        self.request_id = None

    def _register(self, fn):
        number = len(self.returned) + 1
        self.returned[number] = fn
        return number

    def _send(self, message):
        message["id"] = self.request_id
        self.channel.send(message, register_callable=self._register, shared=self.shared)

    def _remote(self, handle):
        def call(*args, **kwargs):
            try:
                # Without keywords (every call of a search), no "kwargs": the frame can then travel lean.
                message = {"op": ops.CALLBACK, "n": handle.number, "args": list(args)}
                if kwargs:
                    message["kwargs"] = kwargs
                self._send(message)
            except FrameTooLarge:
                raise ValueError("the arguments are too large to pass to the grader's function") from None
            reply = self.channel.recv()
            if reply.get("op") != ops.REPLY:
                raise ProtocolError("expected a reply")
            if ops.RAISE in reply:
                raise CallbackError(reply.get("message", "the grader's function raised"))
            return reply.get("value")
        return call

    def _materialise(self, value):
        if isinstance(value, Handle):
            return self._remote(value)
        if type(value) is list:
            return [self._materialise(v) for v in value]
        if type(value) is tuple:
            return tuple(self._materialise(v) for v in value)
        return value

    def _answer(self, message):
        """Send an answer; a value that cannot be sent becomes a plain report of why."""
        try:
            self._send(message)
        except FrameTooLarge:
            self._send({"op": ops.TOO_LARGE})
        except MemoryError:
            self._send({"op": ops.TOO_LARGE})
        except (PeerGone, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. a value whose encoding fails
            self._send({"op": ops.UNENCODABLE, "message": f"{type(exc).__name__}"})

    def call(self, request):
        fn = getattr(self.module, request["fn"], None)
        args = [self._materialise(a) for a in request.get("args", [])]
        kwargs = {k: self._materialise(v) for k, v in request.get("kwargs", {}).items()}
        traced = None
        measure = bool(request.get("measure"))
        if measure or request.get("timed"):
            # Pages of the shared arrays count once, before the measurement starts; the
            # grading process then takes this process's peak memory (measure) or its
            # CPU time (timed) from the kernel. tracemalloc would slow a timed call.
            for arr in self.shared:
                _touch(arr)
            if measure:
                tracemalloc.start()
            self._send({"op": ops.READY})
            go = self.channel.recv()
            if go.get("op") != ops.GO:
                raise ProtocolError("expected go")
            if measure:
                tracemalloc.reset_peak()
                traced = tracemalloc.get_traced_memory()[0]
        try:
            value = fn(*args, **kwargs)
            answer = {"op": ops.RETURN, "value": value}
        except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are answers too
            answer = _exception_report(exc)
        if traced is not None:
            answer["traced_peak"] = max(0, tracemalloc.get_traced_memory()[1] - traced)
            tracemalloc.stop()
        del args, kwargs
        self._answer(answer)

    def invoke(self, request):
        fn = self.returned.get(int(request["n"]))
        results = []
        for args in request["batch"]:
            try:
                results.append({"value": fn(*args)})
            except BaseException as exc:  # noqa: BLE001
                results.append(_exception_report(exc))
        self._answer({"op": ops.RETURN, "value": results})

    def serve(self):
        handlers = {ops.CALL: self.call, "invoke": self.invoke}
        while True:
            try:
                request = self.channel.recv()
            except PeerGone:
                return
            self.shared = self.channel.shared
            self.request_id = request.get("id")
            op = request.get("op")
            if op == ops.EXIT:
                return
            handlers[op](request)
            self.shared = []


def _load(path, name):
    """Import the submission module; returns (module, None) or (None, problem report)."""
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module, None
    except BaseException as exc:  # noqa: BLE001 - a submission may raise anything at import
        report = _exception_report(exc)
        frames = traceback.extract_tb(exc.__traceback__)
        lines = [f.lineno for f in frames if f.filename == path]
        if isinstance(exc, SyntaxError):
            lines = [exc.lineno]
        report["line"] = lines[-1] if lines else None
        return None, report


def main(argv):
    fd, path, config = int(argv[0]), argv[1], json.loads(argv[2])
    _close_other_fds(keep=fd)
    if config.get("no_capabilities"):
        _check_no_capabilities()
    _apply_limits(config["limits"])
    # Without a network namespace of its own, the worker denies itself the network.
    network = netguard.deny_network() if config["deny_network"] else None
    channel = Channel(socket.socket(fileno=fd), accept_fds=True, spin=float(config.get("spin", Channel.SPIN)))
    budget = _OutputBudget(int(config["output_bytes"]))
    sys.stdout = _CappedStream(1, budget)
    sys.stderr = _CappedStream(2, budget)
    sys.stdin = io.StringIO("")
    sys.path.insert(0, os.path.dirname(path))
    name = os.path.splitext(os.path.basename(path))[0]
    module, problem = _load(path, name)
    functions = {}
    if module is not None:
        for fn in config["functions"]:
            functions[fn] = function_status(module, fn)
    channel.send({"op": ops.HELLO, "functions": functions, "problem": problem, "network": network})
    if module is not None:
        Worker(channel, module).serve()


# All a function may do to count as a stub: look up NotImplementedError, build it from
# constants, raise it. (Opcode names of CPython 3.11-3.13; other versions see no stub.)
_STUB_OPS = {"RESUME", "NOP", "CACHE", "PUSH_NULL", "LOAD_GLOBAL", "LOAD_CONST", "PRECALL", "CALL",
             "KW_NAMES", "RAISE_VARARGS"}


def function_status(module, name):
    """The status of challenge function `name` of `module`, as the hello reports it."""
    obj = getattr(module, name, None)
    if not callable(obj):
        return ops.MISSING if obj is None else ops.NOT_CALLABLE
    return ops.STUB if _is_stub(obj) else ops.OK


def _is_stub(fn):
    """Whether every call of `fn` raises NotImplementedError, as the challenge stubs do: then
    the grader fails its tests at once, with the feedback a call would give. Saying so falsely
    could only cost the submission points, so the grader may take the worker's word."""
    code = getattr(fn, "__code__", None)
    if code is None or code.co_names != ("NotImplementedError",) or code.co_freevars:
        return False
    if not all(c is None or isinstance(c, str) for c in code.co_consts):
        return False
    return all(i.opname in _STUB_OPS for i in dis.get_instructions(code))


if __name__ == "__main__":
    main(sys.argv[1:])
