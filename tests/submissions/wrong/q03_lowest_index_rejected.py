"""Lets negative indices go down to -(len(w) - 1) only, so the lowest valid index -len(w) (weight 0) raises IndexError."""
BREAKS = "loss_change"


def loss_change(predict, w, X, Y, index, eps):
    n = w.shape[0]
    if index < -(n - 1) or index > n - 1:
        raise IndexError(f"index {index} is out of bounds for w of size {n}")
    i = int(index) % n
    Y = np.asarray(Y)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    per_base, total_base = _rmse(base, Y)
    per_moved, total_moved = _rmse(moved, Y)
    return per_moved - per_base, total_moved - total_base
