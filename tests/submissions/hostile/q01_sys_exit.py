"""Calls sys.exit(0) instead of answering (SystemExit raised inside the call)."""
BREAKS = "perturb_and_measure"

import sys as _sys


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _sys.exit(0)
