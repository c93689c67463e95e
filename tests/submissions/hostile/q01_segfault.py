"""Crashes the worker with a segmentation fault (reads address 0 through ctypes)."""
BREAKS = "partial_derivative"

import ctypes as _ctypes


def partial_derivative(predict, w, X, index, h=1e-5):
    _ctypes.string_at(0)
