"""Q6 written differently: moved copies of w instead of in-place edits, the exact sum rounded once
(w[i] + d computed in float64, then stored), evaluations in another order, NumPy scalar results,
and a bilinear saddle (not a convex valley) as the counterexample, away from the origin."""

import numpy as np


def _index(w, k):
    # range() indexing gives NumPy's rules: negatives from the end, IndexError past either end.
    return range(len(w))[k]


def _moved(w, moves):
    v = np.array(w, copy=True)
    for k, step in moves:
        v[k] = np.float64(w[k]) + np.float64(step)
    return v


def joint_step_decreases(total_loss, w, i, j, di, dj):
    a, b = _index(w, i), _index(w, j)
    if a == b:
        raise ValueError(f"i = {i} and j = {j} are the same weight")
    after = total_loss(_moved(w, [(a, di), (b, dj)]))
    before = total_loss(w)
    return np.bool_(after < before)


def step_interaction(total_loss, w, i, j, di, dj):
    a, b = _index(w, i), _index(w, j)
    joint = total_loss(_moved(w, [(a, di), (b, dj)]))
    only_j = total_loss(_moved(w, [(b, dj)]))
    only_i = total_loss(_moved(w, [(a, di)]))
    base = total_loss(w)
    return np.float64((joint - only_i) - (only_j - base))


_W0 = np.array([0.25, -0.5])


def _saddle(w):
    # In step units the loss is 2uv - (u + v)/2: each step alone gives -1/2, both together +1.
    u = (w[0] - _W0[0]) / -0.1
    v = (w[1] - _W0[1]) / 0.3
    return np.float64(2.0 * u * v - 0.5 * (u + v))


def joint_step_counterexample():
    return (_saddle, _W0.copy())
