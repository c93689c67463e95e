"""Checks i == j before resolving negative indices, so i = -1, j = len(w) - 1 is not rejected."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    if i == j:
        raise ValueError("i and j must name two different weights")
    i = _resolve(w, i)
    j = _resolve(w, j)
    base = total_loss(w)
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    return bool(joint < base)
