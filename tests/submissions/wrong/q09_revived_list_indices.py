"""Collects the revived indices in a Python list and returns np.array(list): float64 when nothing revives."""
BREAKS = "revived_coordinates"


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    was_zero = g == 0
    g_new = np.asarray(grad_fn(w - lr * g))
    return np.array([k for k in range(g.size) if was_zero[k] and g_new[k] != 0])
