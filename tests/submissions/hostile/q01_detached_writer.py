"""Correct, but leaves detached processes (double fork + setsid, a new session, a thread timer)
that try to overwrite results.json seconds after grading. The test fills in __RESULTS__ and
__MARKER__ (a unique sleep duration, to find the processes afterwards)."""
BREAKS = None

import os as _os
import subprocess as _subprocess
import threading as _threading

_reference_perturb_and_measure = perturb_and_measure
_SCRIPT = "sleep __MARKER__; echo '{\"score\": 100, \"output\": \"HACKED\"}' > '__RESULTS__'"


def _overwrite():
    try:
        with open("__RESULTS__", "w") as fh:
            fh.write('{"score": 100, "output": "HACKED"}')
    except OSError:
        pass


def _detach():
    try:
        if _os.fork() == 0:
            try:
                _os.setsid()
                if _os.fork() == 0:
                    _os.execv("/bin/sh", ["sh", "-c", _SCRIPT])
            finally:
                _os._exit(0)
    except OSError:
        pass
    try:
        _subprocess.Popen(["/bin/sh", "-c", _SCRIPT], start_new_session=True,
                          stdout=_subprocess.DEVNULL, stderr=_subprocess.DEVNULL)
    except OSError:
        pass
    try:
        _threading.Timer(3.0, _overwrite).start()
    except RuntimeError:
        pass


_detach()


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _detach()
    return _reference_perturb_and_measure(predict, w, X, index, eps)
