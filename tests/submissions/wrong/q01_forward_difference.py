"""Uses the forward difference (f(w+h) - f(w)) / h instead of the central one."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if h <= 0:
        raise ValueError("h must be positive")
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    up = _eval_at(predict, w, X, i, w[i] + h)
    return (up - base) / h
