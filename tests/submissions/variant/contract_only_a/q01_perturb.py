"""Q1 (independent variant A)."""
import operator

import numpy as np


def _resolve(w, index):
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range for {n} weights")
    return k + n if k < 0 else k


def _eval_at(predict, w, X, k, value):
    """Evaluate predict with w[k] = value (float64 arithmetic, stored in w's dtype)."""
    saved = w[k]  # numpy scalar of w's dtype: exact bytes
    try:
        w[k] = value
        out = predict(w, X)
        return np.asarray(out, dtype=np.float64)
    finally:
        w[k] = saved


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    k = _resolve(w, index)
    orig = float(w[k])
    # perturbed first, then base (the contract fixes no order)
    y_new = _eval_at(predict, w, X, k, orig + float(eps))
    y_old = np.asarray(predict(w, X), dtype=np.float64)
    return y_new - y_old


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be > 0")
    k = _resolve(w, index)
    orig = float(w[k])
    h = float(h)
    y_minus = _eval_at(predict, w, X, k, orig - h)
    y_plus = _eval_at(predict, w, X, k, orig + h)
    return (y_plus - y_minus) / (2.0 * h)
