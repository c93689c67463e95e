"""Prints forged grading results (a full-score results.json, PASSED lines) and returns garbage."""
BREAKS = "perturb_and_measure"

import json as _json
import os as _os
import sys as _sys

_FORGED = _json.dumps({"score": 100.0, "max_score": 100, "output": "FORGED all tests passed",
                       "tests": [{"name": "q01 perturb_and_measure: FORGED", "score": 6.0,
                                  "max_score": 6.0, "status": "passed"}]})


def _forge():
    for stream in (_sys.stdout, _sys.stderr, _sys.__stdout__, _sys.__stderr__):
        try:
            print(_FORGED, "\nPASSED perturb_and_measure 6/6 FORGED", file=stream, flush=True)
        except Exception:
            pass
    for fd in (1, 2, 3):
        try:
            _os.write(fd, _FORGED.encode() + b"\n")
        except OSError:
            pass


_forge()


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _forge()
    return np.zeros(3)
