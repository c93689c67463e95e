"""Q6 (independent variant A)."""
import operator

import numpy as np


def _resolve(w, index):
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    return k + n if k < 0 else k


def _loss_moved(total_loss, w, moves):
    """total_loss at w with w[k] = orig + d for (k, d) in moves; w restored exactly."""
    saved = [(k, w[k]) for k, _ in moves]
    total = {}
    for k, d in moves:
        total[k] = total.get(k, 0.0) + float(d)
    try:
        for k, d in total.items():
            w[k] = float(w[k]) + d
        return total_loss(w)
    finally:
        for k, s in reversed(saved):
            w[k] = s


def joint_step_decreases(total_loss, w, i, j, di, dj):
    a = _resolve(w, i)
    b = _resolve(w, j)
    if a == b:
        raise ValueError("i and j name the same weight")
    base = total_loss(w)
    moved = _loss_moved(total_loss, w, [(a, di), (b, dj)])
    return bool(moved < base)


def step_interaction(total_loss, w, i, j, di, dj):
    a = _resolve(w, i)
    b = _resolve(w, j)
    L0 = float(total_loss(w))
    Li = float(_loss_moved(total_loss, w, [(a, di)]))
    Lj = float(_loss_moved(total_loss, w, [(b, dj)]))
    Lij = float(_loss_moved(total_loss, w, [(a, di), (b, dj)]))
    return np.float64((Lij - Li) - (Lj - L0))


_W0 = np.array([0.5, -0.25])


def _f(v):
    v = np.asarray(v, dtype=np.float64)
    x = float(v[0]) - 0.5
    y = float(v[1]) + 0.25
    # each single step helps (x<0 lowers, y>0 lowers), the cross term hurts together
    return x - y - 20.0 * x * y


def joint_step_counterexample():
    return _f, _W0.copy()
