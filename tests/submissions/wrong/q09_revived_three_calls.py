"""Calls grad_fn(w) again at the end to 'confirm' which coordinates were zero."""
BREAKS = "revived_coordinates"


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    g_new = np.asarray(grad_fn(w - lr * g))
    g_again = np.asarray(grad_fn(w))
    return np.flatnonzero((g == 0) & (g_again == 0) & (g_new != 0))
