"""Accepts only indices 0 <= i < len(w): a negative index raises IndexError instead of counting from the end."""
BREAKS = "joint_step_decreases"


def _non_negative(w, index):
    if not 0 <= index < w.shape[0]:
        raise IndexError(f"index {index} is out of bounds for w of size {w.shape[0]}")
    return int(index)


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _non_negative(w, i)
    j = _non_negative(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    joint = _eval_moved(total_loss, w, {i: di, j: dj})
    return bool(joint < base)
