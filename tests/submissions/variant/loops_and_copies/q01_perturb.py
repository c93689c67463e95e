"""Q1 written differently: a perturbed view via np.add with float64 arithmetic, then a cast."""

import operator

import numpy as np


def _weight(w, index):
    index = operator.index(index)
    if index < 0:
        index += len(w)
    if index < 0 or index >= len(w):
        raise IndexError("index out of range")
    return index


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    k = _weight(w, index)
    original = w[k].item()            # a Python float: exact for float32 and float64
    before = predict(w, X)
    try:
        w[k] = np.float64(original) + eps   # the exact sum, rounded once into w's dtype
        after = predict(w, X)
    finally:
        w[k] = original
    return np.subtract(after, before)


def partial_derivative(predict, w, X, index, h=1e-5):
    if h <= 0:
        raise ValueError(f"h must be > 0, got {h}")
    k = _weight(w, index)
    original = w[k].item()
    values = []
    try:
        for step in (-h, h):          # the other order than the reference
            w[k] = np.float64(original) + step
            values.append(np.array(predict(w, X), dtype=np.float64))
    finally:
        w[k] = original
    return (values[1] - values[0]) / (h + h)
