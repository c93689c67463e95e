"""Walks weights i and j through the grid by adding the difference of successive offsets (accumulated steps)."""
BREAKS = "loss_surface"


def loss_surface(total_loss, w, i, j, offsets):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    offsets = np.asarray(offsets, dtype=np.float64)
    r = offsets.shape[0]
    saved_i = w[i].copy()
    saved_j = w[j].copy()
    Z = np.empty((r, r))
    try:
        prev_a = 0.0
        for a in range(r):
            w[i] += offsets[a] - prev_a
            prev_a = offsets[a]
            w[j] = saved_j
            prev_b = 0.0
            for b in range(r):
                w[j] += offsets[b] - prev_b
                prev_b = offsets[b]
                Z[a, b] = total_loss(w)
    finally:
        w[i] = saved_i
        w[j] = saved_j
    return Z
