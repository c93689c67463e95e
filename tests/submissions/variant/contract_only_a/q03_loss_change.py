"""Q3 (independent variant A)."""
import operator

import numpy as np


def _per_example(y, Y):
    d = np.asarray(y, dtype=np.float64) - np.asarray(Y, dtype=np.float64)
    if d.ndim == 1:
        return np.abs(d)
    return np.sqrt(np.mean(d * d, axis=tuple(range(1, d.ndim))))


def _total(y, Y):
    d = np.asarray(y, dtype=np.float64) - np.asarray(Y, dtype=np.float64)
    return np.sqrt(np.mean(d * d))


def loss_change(predict, w, X, Y, index, eps):
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    if k < 0:
        k += n
    y_old = predict(w, X)
    saved = w[k]
    try:
        w[k] = float(saved) + float(eps)
        y_new = predict(w, X)
    finally:
        w[k] = saved
    per = _per_example(y_new, Y) - _per_example(y_old, Y)
    tot = _total(y_new, Y) - _total(y_old, Y)
    return per, tot


def linearized_loss_change(y_pred, y_true, dy):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    if y_pred.shape != y_true.shape or y_pred.shape != dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    m = np.max(np.abs(r)) if r.size else 0.0
    if m == 0:
        return np.sqrt(np.mean(dy * dy))
    rs = r / m  # scale to avoid underflow of r**2
    L_s = np.sqrt(np.mean(rs * rs))
    return np.mean(rs * dy) / L_s
