"""Junk submission, family random_values, Q3: contract-perfect behaviour, seeded random answers."""

import operator

import numpy as np


def _resolve(w, index):
    """Turn a NumPy-style integer index into a position in w; IndexError when out of range."""
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError("index %d is out of bounds for %d weights" % (k, n))
    return k + n if k < 0 else k


def loss_change(predict, w, X, Y, index, eps):
    """Call predict at w and at w with weight `index` moved by eps (w restored); junk answer."""
    k = _resolve(w, index)
    y0 = predict(w, X)
    old = w[k]
    try:
        w[k] = old + eps
        y1 = predict(w, X)
    finally:
        w[k] = old
    n = np.shape(y0)[0]
    # Junk: seeded random values.
    rng = np.random.default_rng(0)
    return rng.standard_normal(n), float(rng.standard_normal())


def linearized_loss_change(y_pred, y_true, dy):
    """Check the shapes; junk answer."""
    if not (np.shape(y_pred) == np.shape(y_true) == np.shape(dy)):
        raise ValueError("y_pred, y_true and dy must have the same shape")
    # Junk: a seeded random number.
    rng = np.random.default_rng(0)
    return float(rng.standard_normal(np.size(dy))[-1])
