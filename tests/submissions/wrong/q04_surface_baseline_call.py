"""Also calls total_loss once at the unperturbed w (the 'baseline'), one call more than R * R."""
BREAKS = "loss_surface"


def loss_surface(total_loss, w, i, j, offsets):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    offsets = np.asarray(offsets)
    if offsets.ndim != 1:
        raise ValueError("offsets must be 1-D")
    r = offsets.shape[0]
    baseline = float(total_loss(w))
    if not np.isfinite(baseline):
        raise ValueError("the loss at w is not finite")
    saved_i = w[i].copy()
    saved_j = w[j].copy()
    Z = np.empty((r, r), dtype=np.float64)
    try:
        for a in range(r):
            w[i] = saved_i + offsets[a]
            for b in range(r):
                w[j] = saved_j + offsets[b]
                Z[a, b] = total_loss(w)
    finally:
        w[i] = saved_i
        w[j] = saved_j
    return Z
