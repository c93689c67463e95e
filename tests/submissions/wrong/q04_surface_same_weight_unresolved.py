"""Checks i == j before resolving negative indices, so i and i - len(w) pass as two weights."""
BREAKS = "loss_surface"


def loss_surface(total_loss, w, i, j, offsets):
    if i == j:
        raise ValueError("i and j must name two different weights")
    n = w.shape[0]
    for k in (i, j):
        if not -n <= k < n:
            raise IndexError("index out of range")
    offsets = np.asarray(offsets)
    r = offsets.shape[0]
    saved_i = w[i].copy()
    saved_j = w[j].copy()
    Z = np.empty((r, r))
    try:
        for a in range(r):
            for b in range(r):
                w[i] = saved_i + offsets[a]
                w[j] = saved_j + offsets[b]
                Z[a, b] = total_loss(w)
    finally:
        w[j] = saved_j
        w[i] = saved_i
    return Z
