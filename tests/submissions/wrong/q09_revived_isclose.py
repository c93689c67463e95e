"""Tests 'zero' with np.isclose(., 0) instead of exact comparisons."""
BREAKS = "revived_coordinates"


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    g_new = np.asarray(grad_fn(w - lr * g))
    return np.flatnonzero(np.isclose(g, 0) & ~np.isclose(g_new, 0))
