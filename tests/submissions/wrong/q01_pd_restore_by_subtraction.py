"""Undoes each step by subtracting it again (w[i] -= h after w[i] += h), which is not exact in floating point."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be positive")
    i = _resolve(w, index)
    w[i] += h
    try:
        up = np.asarray(predict(w, X))
    finally:
        w[i] -= h
    w[i] -= h
    try:
        down = np.asarray(predict(w, X))
    finally:
        w[i] += h
    return (up - down) / (2 * h)
