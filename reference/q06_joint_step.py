"""Reference for Q6: two steps that each help need not help together."""

import numpy as np


def _resolve(w, index):
    """NumPy's integer indexing rule, which range() shares: operator.index, negatives from the
    end, IndexError past it."""
    return range(w.shape[0])[index]


def _eval_moved(total_loss, w, moves):
    """total_loss at w with w[k] = original w[k] + step for each (k, step), w restored bit for bit."""
    saved = {k: w[k].copy() for k in moves}
    try:
        for k, step in moves.items():
            w[k] = saved[k] + step
        return total_loss(w)
    finally:
        for k, value in saved.items():
            w[k] = value


def _moves(i, j, di, dj):
    """The steps per weight; when i == j both steps land on the same weight."""
    if i == j:
        return {i: di + dj}
    return {i: di, j: dj}


def joint_step_decreases(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    base = total_loss(w)
    joint = _eval_moved(total_loss, w, {i: di, j: dj})
    return bool(joint < base)


def step_interaction(total_loss, w, i, j, di, dj):
    i = _resolve(w, i)
    j = _resolve(w, j)
    base = total_loss(w)
    only_i = _eval_moved(total_loss, w, {i: di})
    only_j = _eval_moved(total_loss, w, {j: dj})
    joint = _eval_moved(total_loss, w, _moves(i, j, di, dj))
    # A mixed second difference: zero when the two weights do not interact.
    return float(joint - only_i - only_j + base)


# The counterexample: a convex quadratic bowl whose long axis is a valley tilted
# across both weights. In step units u = -w0/0.1, v = w1/0.3 the loss is
# (u + v - 0.75)^2 + 0.1 (u - v)^2. Each step alone moves towards the valley floor
# (u + v = 0.75); both together overshoot it to u + v = 2, and the loss rises.
_STEP_I = -0.1
_STEP_J = 0.3
_TARGET = 0.75
_SIDE = 0.1


def _tilted_valley(w):
    w = np.asarray(w, dtype=np.float64)
    u = w[0] / _STEP_I
    v = w[1] / _STEP_J
    return float((u + v - _TARGET) ** 2 + _SIDE * (u - v) ** 2)


def joint_step_counterexample():
    # At w0: f = 0.5625; after di alone or dj alone: 0.1625; after both: 1.5625.
    return _tilted_valley, np.zeros(2)
