"""Predicts the joint change as the sum of the two single-step changes (first order), never evaluating the joint point."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    change_i = _eval_moved(total_loss, w, {i: di}) - base
    change_j = _eval_moved(total_loss, w, {j: dj}) - base
    return bool(change_i + change_j < 0)
