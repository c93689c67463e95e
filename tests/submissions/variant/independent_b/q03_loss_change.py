"""Q3, written independently: losses accumulated example by example in float64, the
perturbed value computed as the exact sum rounded once, NumPy scalars returned."""

import math

import numpy as np


def _position(w, index):
    n = len(w)
    k = int(index)
    if k < -n or k >= n:
        raise IndexError(f"index {index} out of range for {n} weights")
    return k + n if k < 0 else k


def _losses(y, Y):
    """Per-example RMSE (a Python loop over rows) and the total RMSE, in float64."""
    y = np.asarray(y, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if y.shape != Y.shape:
        raise ValueError(f"prediction shape {y.shape} differs from target shape {Y.shape}")
    n = y.shape[0]
    per = np.empty(n, dtype=np.float64)
    total_sq, count = 0.0, 0
    for row in range(n):
        diff = np.atleast_1d(y[row] - Y[row]).ravel()
        sq = float(np.dot(diff, diff))
        per[row] = math.sqrt(sq / diff.size)
        total_sq += sq
        count += diff.size
    return per, np.float64(math.sqrt(total_sq / count))


def loss_change(predict, w, X, Y, index, eps):
    k = _position(w, index)
    before = predict(w, X)
    original = w[k].item()            # a Python float holds any float32/float64 exactly
    try:
        w[k] = np.float64(original) + np.float64(eps)   # exact sum, rounded once into w's dtype
        after = predict(w, X)
    finally:
        w[k] = original
    per0, tot0 = _losses(before, Y)
    per1, tot1 = _losses(after, Y)
    return per1 - per0, np.float64(tot1 - tot0)


def linearized_loss_change(y_pred, y_true, dy):
    shapes = {np.shape(y_pred), np.shape(y_true), np.shape(dy)}
    if len(shapes) != 1:
        raise ValueError(f"y_pred, y_true and dy must share one shape, got {sorted(shapes)}")
    r = (np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)).ravel()
    d = np.asarray(dy, dtype=np.float64).ravel()
    m = r.size
    sq = math.fsum(float(v) * float(v) for v in r)
    if sq == 0.0 and not np.any(r):
        # L(t dy) = t * RMS(dy) for t > 0: a kink whose right slope is RMS(dy).
        return np.float64(math.sqrt(math.fsum(float(v) * float(v) for v in d) / m))
    if sq == 0.0 or sq == math.inf:
        # Residuals so small (large) that their squares underflow (overflow): rescale first.
        s = float(np.max(np.abs(r)))
        r = r / s
        sq = math.fsum(float(v) * float(v) for v in r)
    L = math.sqrt(sq / m)
    return np.float64(math.fsum(float(a) * float(b) for a, b in zip(r, d)) / m / L)
