"""Junk submission, family constants_a, Q6: contract-perfect behaviour, constant answers."""

import operator

import numpy as np


def _resolve(w, index):
    """Turn a NumPy-style integer index into a position in w; IndexError when out of range."""
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError("index %d is out of bounds for %d weights" % (k, n))
    return k + n if k < 0 else k


def joint_step_decreases(total_loss, w, i, j, di, dj):
    """Call total_loss at w and at the joint step (w restored); junk answer."""
    ki = _resolve(w, i)
    kj = _resolve(w, j)
    if ki == kj:
        raise ValueError("i and j name the same weight")
    base = total_loss(w)
    oi = w[ki]
    oj = w[kj]
    try:
        w[ki] = oi + di
        w[kj] = oj + dj
        joint = total_loss(w)
    finally:
        w[kj] = oj
        w[ki] = oi
    # Junk: always True.
    return True


def step_interaction(total_loss, w, i, j, di, dj):
    """Call total_loss at w, w+di e_i, w+dj e_j and the joint step (w restored); junk answer."""
    ki = _resolve(w, i)
    kj = _resolve(w, j)
    oi = w[ki]
    oj = w[kj]
    try:
        l_0 = total_loss(w)
        w[ki] = oi + di
        l_i = total_loss(w)
        w[ki] = oi
        w[kj] = oj + dj
        l_j = total_loss(w)
        if ki == kj:
            w[ki] = oi + (di + dj)
        else:
            w[ki] = oi + di
        l_ij = total_loss(w)
    finally:
        w[kj] = oj
        w[ki] = oi
    # Junk: no interaction.
    return 0.0

def _flat_loss(v):
    """A constant loss: no step helps, none hurts."""
    return 0.0


def joint_step_counterexample():
    """Junk: a constant loss at the origin."""
    return _flat_loss, np.zeros(2)
