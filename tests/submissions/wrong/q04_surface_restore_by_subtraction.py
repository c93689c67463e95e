"""Puts the weights back with w[i] -= offset instead of restoring the saved values."""
BREAKS = "loss_surface"


def loss_surface(total_loss, w, i, j, offsets):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    offsets = np.asarray(offsets)
    r = offsets.shape[0]
    Z = np.empty((r, r))
    for a in range(r):
        w[i] += offsets[a]
        for b in range(r):
            w[j] += offsets[b]
            Z[a, b] = total_loss(w)
            w[j] -= offsets[b]
        w[i] -= offsets[a]
    return Z
