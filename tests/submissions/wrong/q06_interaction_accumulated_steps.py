"""Walks from point to point (w[i] += di, w[j] += dj, w[i] -= di), so the last point is off by rounding."""
BREAKS = "step_interaction"


def step_interaction(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    saved_i, saved_j = w[i].copy(), w[j].copy()
    try:
        base = total_loss(w)
        w[i] += di
        only_i = total_loss(w)
        w[j] += dj
        joint = total_loss(w)
        w[i] -= di
        only_j = total_loss(w)
    finally:
        w[i] = saved_i
        w[j] = saved_j
    return float(joint - only_i - only_j + base)
