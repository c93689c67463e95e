"""Wraps any index modulo len(w), so an out-of-range index silently names another weight instead of raising IndexError."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = int(index) % w.shape[0]
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per_base, total_base = _rmse(base, Y)
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base
