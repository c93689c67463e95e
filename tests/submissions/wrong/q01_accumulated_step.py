"""Builds w - h from w + h by subtracting 2h (accumulated steps, not from the original)."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if h <= 0:
        raise ValueError("h must be positive")
    i = _resolve(w, index)
    saved = w[i].copy()
    try:
        w[i] = w[i] + h
        up = np.asarray(predict(w, X))
        w[i] = w[i] - 2 * h
        down = np.asarray(predict(w, X))
    finally:
        w[i] = saved
    return (up - down) / (2 * h)
