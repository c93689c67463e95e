"""Accepts only indices 0 <= i < len(w): a negative index raises IndexError instead of counting from the end."""
BREAKS = "step_interaction"


def _non_negative(w, index):
    if not 0 <= index < w.shape[0]:
        raise IndexError(f"index {index} is out of bounds for w of size {w.shape[0]}")
    return int(index)


def step_interaction(total_loss, w, i, j, di, dj):
    i = _non_negative(w, i)
    j = _non_negative(w, j)
    base = total_loss(w)
    only_i = _eval_moved(total_loss, w, {i: di})
    only_j = _eval_moved(total_loss, w, {j: dj})
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    return float(joint - only_i - only_j + base)
