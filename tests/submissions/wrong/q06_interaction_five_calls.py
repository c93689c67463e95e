"""Evaluates total_loss(w) once per single-step difference: 5 calls instead of 4."""
BREAKS = "step_interaction"


def step_interaction(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    base = total_loss(w)
    change_i = _eval_moved(total_loss, w, {i: di}) - base
    change_j = _eval_moved(total_loss, w, {j: dj}) - total_loss(w)
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    return float((joint - base) - change_i - change_j)
