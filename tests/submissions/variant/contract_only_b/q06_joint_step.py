"""Q6 (variant B): joint steps and their interaction."""
import operator

import numpy as np


def _resolve(w, i):
    k = operator.index(i)
    n = w.shape[0]
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    return k + n if k < 0 else k


def joint_step_decreases(total_loss, w, i, j, di, dj):
    ii = _resolve(w, i)
    jj = _resolve(w, j)
    if ii == jj:
        raise ValueError("i and j name the same weight")
    dt = w.dtype.type
    si, sj = w[ii].copy(), w[jj].copy()
    try:
        # variant B: moved point first
        w[ii] = dt(si + dt(di))
        w[jj] = dt(sj + dt(dj))
        moved = total_loss(w)
        w[ii] = si
        w[jj] = sj
        base = total_loss(w)
    finally:
        w[ii] = si
        w[jj] = sj
    return bool(moved < base)


def step_interaction(total_loss, w, i, j, di, dj):
    ii = _resolve(w, i)
    jj = _resolve(w, j)
    dt = w.dtype.type
    si, sj = w[ii].copy(), w[jj].copy()
    try:
        if ii == jj:
            # e_i == e_j: the joint step moves the one weight by di + dj
            w[ii] = dt(si + dt(di + dj))
            l11 = total_loss(w)
            w[ii] = dt(si + dt(dj))
            l01 = total_loss(w)
            w[ii] = dt(si + dt(di))
            l10 = total_loss(w)
            w[ii] = si
            l00 = total_loss(w)
        else:
            # variant B order: joint, j only, i only, base
            w[ii] = dt(si + dt(di))
            w[jj] = dt(sj + dt(dj))
            l11 = total_loss(w)
            w[ii] = si
            l01 = total_loss(w)
            w[ii] = dt(si + dt(di))
            w[jj] = sj
            l10 = total_loss(w)
            w[ii] = si
            l00 = total_loss(w)
    finally:
        w[ii] = si
        w[jj] = sj
    return float((l11 - l10) - (l01 - l00))


def joint_step_counterexample():
    # f(u, v) = u - v - 20 u v around w0 = (0.5, -0.25) (u, v measured from w0):
    # f(-0.1, 0) = -0.1, f(0, 0.3) = -0.3, f(-0.1, 0.3) = -0.4 + 0.6 = 0.2.
    w0 = np.array([0.5, -0.25])

    def f(p):
        p = np.asarray(p, dtype=np.float64)
        u = p[0] - 0.5
        v = p[1] + 0.25
        return float(u - v - 20.0 * u * v)

    return f, w0
