"""The worker: loads one submission module and answers calls from the grading process.

It runs in its own process (inside the sandbox where there is one), next to
candidate code, so it decides nothing: it reports what the candidate's functions
returned or raised, as plain data, and the grading process judges. Imports: the
standard library, NumPy and the rest of ``gdkit`` only.

Started as ``python -I -S -c <bootstrap> FD MODULE_PATH CONFIG_JSON``.
"""

import hashlib
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

from gdkit import models
from gdkit.protocol import Channel, FrameTooLarge, Handle, PeerGone, ProtocolError

# Arrays up to this size come back whole after a call (so a test can say which
# entry changed); larger ones come back as a digest.
RETURN_WHOLE_BYTES = 1 << 20
OUTPUT_CAP_BYTES = 1 << 20


class CallbackError(RuntimeError):
    """A function passed in by the grader raised; candidate code should let it propagate."""


class _CappedStream(io.TextIOBase):
    """Text stream that keeps the first OUTPUT_CAP_BYTES and silently drops the rest."""

    def __init__(self, fd):
        self.fd = fd
        self.written = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = OUTPUT_CAP_BYTES - self.written
        if room > 0:
            data = text.encode("utf-8", "replace")[:room]
            try:
                os.write(self.fd, data)
            except OSError:
                pass
            self.written += len(data)
        return len(text)


def _apply_limits(limits):
    for name, value in limits.items():
        res = getattr(resource, "RLIMIT_" + name.upper())
        soft_hard = (int(value), int(value))
        try:
            resource.setrlimit(res, soft_hard)
        except (ValueError, OSError):
            pass  # the platform does not support or allow this one; the sandbox reports it
    # A write past RLIMIT_FSIZE should fail that write, not kill the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _digest(arr):
    return hashlib.blake2b(arr.tobytes(), digest_size=16).hexdigest()


def _state_after(value):
    if type(value) is np.ndarray and value.dtype.kind in "biuf":
        if value.nbytes <= RETURN_WHOLE_BYTES:
            return value
        return {"digest": _digest(value)}
    return None


def _exception_report(exc):
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not kill the report
        message = "<message could not be read>"
    t = type(exc)
    return {"op": "raise", "type": t.__name__,
            "bases": [c.__name__ for c in t.__mro__ if c.__module__ == "builtins"],
            "message": message[:500]}


class Worker:
    def __init__(self, channel, module):
        self.channel = channel
        self.module = module
        self.returned = {}  # callables the candidate returned, by number

    def _register(self, fn):
        number = len(self.returned) + 1
        self.returned[number] = fn
        return number

    def _remote(self, handle):
        def call(*args, **kwargs):
            self.channel.send({"op": "callback", "n": handle.number,
                               "args": list(args), "kwargs": kwargs})
            reply = self.channel.recv()
            if reply.get("op") != "reply":
                raise ProtocolError("expected a reply")
            if "raise" in reply:
                raise CallbackError(reply.get("message", "the grader's function raised"))
            return reply.get("value")
        return call

    def _materialise(self, value, local):
        if isinstance(value, Handle):
            return self._remote(value)
        if type(value) is dict and set(value) == {"__local__"}:
            return local[value["__local__"]]
        if type(value) is list:
            return [self._materialise(v, local) for v in value]
        if type(value) is tuple:
            return tuple(self._materialise(v, local) for v in value)
        return value

    def _send_result(self, value, extra=None):
        message = {"op": "return", "value": value}
        message.update(extra or {})
        try:
            self.channel.send(message, register_callable=self._register)
        except FrameTooLarge:
            self.channel.send({"op": "too_large"})

    def call(self, request, local=None):
        fn = getattr(self.module, request["fn"])
        args = [self._materialise(a, local or {}) for a in request.get("args", [])]
        kwargs = {k: self._materialise(v, local or {}) for k, v in request.get("kwargs", {}).items()}
        try:
            value = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are answers too
            report = _exception_report(exc)
            report["after"] = [_state_after(a) for a in args]
            self.channel.send(report)
            return
        self._send_result(value, {"after": [_state_after(a) for a in args]})

    def invoke(self, request):
        fn = self.returned.get(int(request["n"]))
        results = []
        for args in request["batch"]:
            try:
                results.append({"value": fn(*args)})
            except BaseException as exc:  # noqa: BLE001
                results.append(_exception_report(exc))
        self._send_result(results)

    def scale(self, request):
        """Call a function on the 30M-weight model here, measuring calls and extra memory."""
        net, w, X, Y = models.scale_problem(int(request["seed"]))
        calls = [0]

        def predict(w_, X_):
            calls[0] += 1
            return net.predict(w_, X_)

        saved = w.copy()
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        net.predict(w, X)
        model_peak = tracemalloc.get_traced_memory()[1] - start
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        local = {"predict": predict, "w": w, "X": X, "Y": Y}
        try:
            fn = getattr(self.module, request["fn"])
            args = [self._materialise(a, local) for a in request.get("args", [])]
            value = fn(*args)
            error = None
        except BaseException as exc:  # noqa: BLE001
            value, error = None, _exception_report(exc)
        peak = tracemalloc.get_traced_memory()[1] - start
        tracemalloc.stop()
        stats = {"calls": calls[0], "extra_bytes": int(max(0, peak - model_peak)),
                 "w_unchanged": bool(np.array_equal(saved.view(np.uint32), w.view(np.uint32))),
                 "w_nbytes": int(w.nbytes)}
        del saved
        if error is not None:
            error["stats"] = stats
            self.channel.send(error)
        else:
            self._send_result(value, {"stats": stats})

    def serve(self):
        handlers = {"call": self.call, "invoke": self.invoke, "scale": self.scale}
        while True:
            try:
                request = self.channel.recv()
            except PeerGone:
                return
            op = request.get("op")
            if op == "exit":
                return
            handlers[op](request)


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
    sock = socket.socket(fileno=fd)
    channel = Channel(sock)
    _apply_limits(config.get("limits", {}))
    sys.stdout = _CappedStream(1)
    sys.stderr = _CappedStream(2)
    sys.stdin = io.StringIO("")
    sys.path.insert(0, os.path.dirname(path))
    name = os.path.splitext(os.path.basename(path))[0]
    module, problem = _load(path, name)
    functions = {}
    if module is not None:
        for fn in config.get("functions", []):
            obj = getattr(module, fn, None)
            functions[fn] = "ok" if callable(obj) else ("missing" if obj is None else "not callable")
    channel.send({"op": "hello", "functions": functions, "problem": problem})
    if module is not None:
        Worker(channel, module).serve()


if __name__ == "__main__":
    main(sys.argv[1:])
