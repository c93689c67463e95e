"""Takes each example's loss as the mean absolute error over its outputs instead of the RMS."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    i = _resolve(w, index)
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)

    def per(y):
        return np.abs(y - Y).reshape(len(y), -1).mean(axis=1)

    return per(moved) - per(base), _rmse(moved, Y)[1] - _rmse(base, Y)[1]
