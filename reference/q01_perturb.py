"""Reference for Q1: the effect of moving one weight."""

import numpy as np


def _resolve(w, index):
    """NumPy's integer indexing rule, which range() shares: operator.index, negatives from the
    end, IndexError past it."""
    return range(w.shape[0])[index]


def _eval_at(predict, w, X, index, value):
    """predict at w with w[index] = value (stored in w's dtype), w restored bit for bit."""
    saved = w[index].copy()
    w[index] = value
    try:
        return np.asarray(predict(w, X))
    finally:
        w[index] = saved


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be positive")
    i = _resolve(w, index)
    up = _eval_at(predict, w, X, i, w[i] + h)
    down = _eval_at(predict, w, X, i, w[i] - h)
    return (up - down) / (2 * h)
