"""Reference for Q3: how a small move of Y_pred moves the RMSE loss."""

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


def _rmse(y, Y):
    """(per-example RMSE over each row's outputs, RMSE over every entry)."""
    if y.shape != Y.shape:
        # Broadcasting (n,) against (n, 1) would silently build an (n, n) matrix.
        raise ValueError(f"predictions {y.shape} and targets {Y.shape} differ in shape")
    sq = (y - Y) ** 2
    # For 1-D outputs each row holds one value, so this is |y_i - Y_i|.
    per_example = np.sqrt(sq.reshape(sq.shape[0], -1).mean(axis=1))
    return per_example, float(np.sqrt(sq.mean()))


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    # Only the single weight is saved and restored: no copy of the whole vector.
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per_base, total_base = _rmse(base, Y)
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError(
            f"shapes differ: y_pred {y_pred.shape}, y_true {y_true.shape}, dy {dy.shape}")
    r = (y_pred - y_true).astype(np.float64)
    dy = dy.astype(np.float64)
    scale = float(np.max(np.abs(r)))
    if scale == 0.0:
        # Perfect fit: L(t*dy) = t*RMS(dy), a kink at 0 with one-sided slope RMS(dy).
        # Dividing by the largest |dy| first keeps the squares from under/overflowing.
        dscale = float(np.max(np.abs(dy)))
        if dscale == 0.0:
            return 0.0
        return float(dscale * np.sqrt(np.mean((dy / dscale) ** 2)))
    # mean(r*dy) / sqrt(mean(r^2)) is unchanged when r is divided by its largest
    # entry; doing so keeps L > 0 detectable even when r**2 would underflow to 0.
    u = r / scale
    return float(np.mean(u * dy) / np.sqrt(np.mean(u * u)))
