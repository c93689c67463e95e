"""Resolves indices with i % len(w): negative ones count from the end, but len(w) wraps to weight 0 instead of raising IndexError."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = int(i) % w.size
    j = int(j) % w.size
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    joint = _eval_moved(total_loss, w, {i: di, j: dj})
    return bool(joint < base)
