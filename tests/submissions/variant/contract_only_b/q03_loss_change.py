"""Q3 (variant B): loss change under a one-weight perturbation."""
import operator

import numpy as np


def _per_example(r):
    if r.ndim == 1:
        return np.abs(r)
    return np.sqrt(np.mean(np.square(r), axis=tuple(range(1, r.ndim))))


def loss_change(predict, w, X, Y, index, eps):
    k = operator.index(index)
    n = w.shape[0]
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    if k < 0:
        k += n
    saved = w[k].copy()
    dt = w.dtype.type
    try:
        y0 = np.array(predict(w, X), dtype=np.float64, copy=True)
        w[k] = dt(saved + dt(eps))
        y1 = np.array(predict(w, X), dtype=np.float64, copy=True)
    finally:
        w[k] = saved
    Yf = np.asarray(Y, dtype=np.float64)
    r0 = y0 - Yf
    r1 = y1 - Yf
    per = _per_example(r1) - _per_example(r0)
    tot = float(np.sqrt(np.mean(np.square(r1))) - np.sqrt(np.mean(np.square(r0))))
    return per, tot


def linearized_loss_change(y_pred, y_true, dy):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    if not (y_pred.shape == y_true.shape == dy.shape):
        raise ValueError("y_pred, y_true and dy must have the same shape")
    r = (y_pred - y_true).ravel()
    d = dy.ravel()
    s = np.max(np.abs(r)) if r.size else 0.0
    if s == 0:
        sd = np.max(np.abs(d)) if d.size else 0.0
        if sd == 0:
            return 0.0
        return float(sd * np.sqrt(np.mean(np.square(d / sd))))
    rs = r / s
    return float(np.mean(rs * d) / np.sqrt(np.mean(np.square(rs))))
