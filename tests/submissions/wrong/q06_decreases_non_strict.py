"""Compares with <=, so a joint step that leaves the loss exactly equal counts as a decrease."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    joint = _eval_moved(total_loss, w, {i: di, j: dj})
    return bool(joint <= base)
