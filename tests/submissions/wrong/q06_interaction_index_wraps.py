"""Resolves indices with i % len(w): negative ones count from the end, but len(w) wraps to weight 0 instead of raising IndexError."""
BREAKS = "step_interaction"


def step_interaction(total_loss, w, i, j, di, dj):
    i = int(i) % w.size
    j = int(j) % w.size
    base = total_loss(w)
    only_i = _eval_moved(total_loss, w, {i: di})
    only_j = _eval_moved(total_loss, w, {j: dj})
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    return float(joint - only_i - only_j + base)
