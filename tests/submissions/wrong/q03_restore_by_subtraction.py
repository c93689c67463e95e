"""Restores the weight with w[i] -= eps, which is not exact in floating point."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    w[i] += eps
    try:
        moved = np.asarray(predict(w, X))
    finally:
        w[i] -= eps
    per_base, total_base = _rmse(base, Y)
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base
