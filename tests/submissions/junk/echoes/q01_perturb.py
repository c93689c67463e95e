"""Junk submission, family echoes, Q1: contract-perfect behaviour, answers echo an input."""

import operator

import numpy as np


def _resolve(w, index):
    """Turn a NumPy-style integer index into a position in w; IndexError when out of range."""
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError("index %d is out of bounds for %d weights" % (k, n))
    return k + n if k < 0 else k


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    """Call predict at w and at w with weight `index` moved by eps (w restored); junk answer."""
    k = _resolve(w, index)
    y0 = predict(w, X)
    old = w[k]
    try:
        w[k] = old + eps
        y1 = predict(w, X)
    finally:
        w[k] = old
    # Junk: the unperturbed prediction instead of the change.
    return np.array(y0, dtype=np.float64)


def partial_derivative(predict, w, X, index, h=1e-5):
    """Call predict at w +/- h on weight `index` (w restored); junk answer."""
    if h <= 0:
        raise ValueError("h must be positive")
    k = _resolve(w, index)
    old = w[k]
    try:
        w[k] = old + h
        y_plus = predict(w, X)
        w[k] = old - h
        y_minus = predict(w, X)
    finally:
        w[k] = old
    # Junk: the prediction at w + h e_i instead of the slope.
    return np.array(y_plus, dtype=np.float64)
