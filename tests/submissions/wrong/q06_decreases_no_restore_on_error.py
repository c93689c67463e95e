"""Restores the saved weights after the call, but not when total_loss raises (no try/finally)."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    saved_i, saved_j = w[i].copy(), w[j].copy()
    w[i] = saved_i + di
    w[j] = saved_j + dj
    joint = total_loss(w)
    w[i] = saved_i
    w[j] = saved_j
    return bool(joint < base)
