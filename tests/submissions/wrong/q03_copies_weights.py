"""Perturbs a full copy of w: correct values, but 120 MB extra on the 30M-weight model."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    w2 = w.copy()
    w2[i] = w2[i] + eps
    per_base, total_base = _rmse(np.asarray(predict(w, X)), Y)
    per_moved, total_moved = _rmse(np.asarray(predict(w2, X)), Y)
    return per_moved - per_base, total_moved - total_base
