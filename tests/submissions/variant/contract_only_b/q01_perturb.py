"""Q1 (variant B): perturb one weight, measure the prediction change."""
import operator

import numpy as np


def _resolve(w, index):
    k = operator.index(index)
    n = w.shape[0]
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range for {n} weights")
    return k + n if k < 0 else k


def _shifted(w, k, step):
    dt = w.dtype.type
    return dt(w[k] + dt(step))


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    k = _resolve(w, index)
    saved = w[k].copy()
    try:
        # variant B: perturbed evaluation first, then the base point
        w[k] = _shifted(w, k, eps)
        y_new = np.array(predict(w, X), copy=True)
        w[k] = saved
        y_old = np.asarray(predict(w, X))
    finally:
        w[k] = saved
    return np.asarray(y_new - y_old)


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be > 0")
    k = _resolve(w, index)
    saved = w[k].copy()
    dt = w.dtype.type
    lo_val = dt(saved - dt(h))
    hi_val = dt(saved + dt(h))
    try:
        # variant B: minus side first
        w[k] = lo_val
        y_minus = np.array(predict(w, X), copy=True)
        w[k] = hi_val
        y_plus = np.array(predict(w, X), copy=True)
    finally:
        w[k] = saved
    return np.asarray((y_plus - y_minus) / (2.0 * h))
