"""Never checks h, so h <= 0 gives a number (or a division by zero) instead of ValueError."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    i = _resolve(w, index)
    up = _eval_at(predict, w, X, i, w[i] + h)
    down = _eval_at(predict, w, X, i, w[i] - h)
    with np.errstate(all="ignore"):
        return (up - down) / (2 * h)
