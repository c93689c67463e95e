"""Also evaluates the two single steps (to compare with them), 4 calls beyond the contract's budget of 2."""
BREAKS = "joint_step_decreases"


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    singles = (_eval_moved(total_loss, w, {i: di}), _eval_moved(total_loss, w, {j: dj}))
    joint = _eval_moved(total_loss, w, {i: di, j: dj})
    del singles
    return bool(joint < base)
