"""Reports the total change as the mean of the per-example changes (RMSE is not additive)."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per = _rmse(moved, Y)[0] - _rmse(base, Y)[0]
    return per, float(np.mean(per))
