"""Restores each moved weight after its call, but not when total_loss raises (no try/finally)."""
BREAKS = "step_interaction"


def _eval_unprotected(total_loss, w, moves):
    saved = {k: w[k].copy() for k in moves}
    for k, step in moves.items():
        w[k] = saved[k] + step
    value = total_loss(w)
    for k, old in saved.items():
        w[k] = old
    return value


def step_interaction(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    base = total_loss(w)
    only_i = _eval_unprotected(total_loss, w, {i: di})
    only_j = _eval_unprotected(total_loss, w, {j: dj})
    joint = _eval_unprotected(total_loss, w, _moves(i, j, di, dj))
    return float(joint - only_i - only_j + base)
