"""Wraps any index modulo len(w), so an out-of-range index silently names another weight instead of raising IndexError."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be positive")
    i = int(index) % w.shape[0]
    up = _eval_at(predict, w, X, i, w[i] + h)
    down = _eval_at(predict, w, X, i, w[i] - h)
    return (up - down) / (2 * h)
