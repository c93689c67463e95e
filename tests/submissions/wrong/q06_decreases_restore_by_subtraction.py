"""Restores the two weights with w[i] -= di and w[j] -= dj, which is not exact in floating point."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    w[i] += di
    w[j] += dj
    try:
        joint = total_loss(w)
    finally:
        w[i] -= di
        w[j] -= dj
    return bool(joint < base)
