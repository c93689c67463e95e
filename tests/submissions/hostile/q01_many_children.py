"""Correct, but starts 200 child processes (sleepers, never waited for) on every call.
The test fills in __MARKER__ (a unique sleep duration, to find them afterwards)."""
BREAKS = None

import os as _os

_reference_perturb_and_measure = perturb_and_measure


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    for _ in range(200):
        try:
            if _os.fork() == 0:
                try:
                    _os.execv("/bin/sleep", ["sleep", "__MARKER__"])
                finally:
                    _os._exit(0)
        except OSError:
            break
    return _reference_perturb_and_measure(predict, w, X, index, eps)
