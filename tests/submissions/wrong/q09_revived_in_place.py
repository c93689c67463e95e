"""Steps w in place and undoes the step by adding lr * g back, which is not exact."""
BREAKS = "revived_coordinates"


def revived_coordinates(grad_fn, w, lr):
    g = np.array(grad_fn(w))
    w -= lr * g
    g_new = np.asarray(grad_fn(w))
    w += lr * g
    return np.flatnonzero((g == 0) & (g_new != 0))
