"""Checks -len(w) < index < len(w) (off by one at the low end), so index -len(w), weight 0, raises IndexError."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be positive")
    n = w.shape[0]
    if not -n < index < n:
        raise IndexError(f"index {index} is out of bounds for w of size {n}")
    i = int(index) % n
    up = _eval_at(predict, w, X, i, w[i] + h)
    down = _eval_at(predict, w, X, i, w[i] - h)
    return (up - down) / (2 * h)
