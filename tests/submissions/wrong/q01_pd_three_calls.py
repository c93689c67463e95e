"""Calls predict a third time at the unperturbed w to check the output shape first."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    if not h > 0:
        raise ValueError("h must be positive")
    i = _resolve(w, index)
    shape = np.asarray(predict(w, X)).shape
    up = _eval_at(predict, w, X, i, w[i] + h)
    down = _eval_at(predict, w, X, i, w[i] - h)
    assert up.shape == down.shape == shape
    return (up - down) / (2 * h)
