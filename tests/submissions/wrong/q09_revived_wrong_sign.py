"""Steps uphill, w + lr * g, instead of w - lr * g."""
BREAKS = "revived_coordinates"


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    g_new = np.asarray(grad_fn(w + lr * g))
    return np.flatnonzero((g == 0) & (g_new != 0))
