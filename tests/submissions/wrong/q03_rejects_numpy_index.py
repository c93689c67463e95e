"""Validates the index with isinstance(index, int), so a numpy.int64 index raises TypeError."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    if not isinstance(index, int):
        raise TypeError(f"index must be an int, not {type(index).__name__}")
    i = _resolve(w, index)
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per_base, total_base = _rmse(base, Y)
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base
