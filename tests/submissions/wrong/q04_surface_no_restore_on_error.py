"""Restores the saved weights after the loop, but not when total_loss raises (no try/finally)."""
BREAKS = "loss_surface"


def loss_surface(total_loss, w, i, j, offsets):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    offsets = np.asarray(offsets)
    r = offsets.shape[0]
    saved_i = w[i].copy()
    saved_j = w[j].copy()
    Z = np.empty((r, r))
    for a in range(r):
        w[i] = saved_i + offsets[a]
        for b in range(r):
            w[j] = saved_j + offsets[b]
            Z[a, b] = total_loss(w)
    w[i] = saved_i
    w[j] = saved_j
    return Z
