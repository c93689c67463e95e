"""Ends the worker process with status 0 in the middle of a call (os._exit)."""
BREAKS = "perturb_and_measure"

import os as _os


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _os._exit(0)
