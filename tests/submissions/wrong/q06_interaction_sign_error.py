"""Returns the sum of the single changes minus the joint change: the interaction with its sign flipped."""
BREAKS = "step_interaction"


def step_interaction(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    base = total_loss(w)
    only_i = _eval_moved(total_loss, w, {i: di})
    only_j = _eval_moved(total_loss, w, {j: dj})
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    return float((only_i - base) + (only_j - base) - (joint - base))
