"""Calls predict a third time to recompute the baseline loss."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per_base = _rmse(np.asarray(predict(w, X)), Y)[0]
    total_base = _rmse(np.asarray(predict(w, X)), Y)[1]
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base
