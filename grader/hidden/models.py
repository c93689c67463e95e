"""Seeded models and data the hidden tests share."""

import numpy as np

from gdgrade.gdkit.models import MLP

CONTINUOUS = ("tanh", "sigmoid", "relu", "leaky_relu")


def random_mlp(rng, activation="tanh", outputs=1, dtype=np.float64, inputs=None, hidden=None,
               n=None):
    """(net, w, X) for a random one- or two-hidden-layer MLP and random data."""
    inputs = inputs or int(rng.integers(2, 6))
    hidden = hidden or tuple(int(h) for h in rng.integers(3, 9, size=int(rng.integers(1, 3))))
    n = n or int(rng.integers(3, 9))
    net = MLP([inputs, *hidden, outputs], activation)
    w = net.init(rng, dtype=dtype)
    X = rng.standard_normal((n, inputs)).astype(dtype)
    return net, w, X


def unstable_index(rng, w, eps):
    """Set one weight to a value for which (w + eps) - eps != w, and return its index."""
    i = int(rng.integers(0, w.size))
    step = w.dtype.type(eps)
    for _ in range(10_000):
        # Round-trip errors show up when the weight is small next to eps.
        v = w.dtype.type(rng.uniform(-1, 1) * eps)
        if (v + step) - step != v:
            w[i] = v
            return i
    raise RuntimeError("no unstable weight found")


def perturbed(w, i, delta):
    """Both correct ways of storing w[i] + delta in w's dtype (they differ by <= 1 ulp)."""
    a = w.copy()
    a[i] = w[i] + w.dtype.type(delta)          # delta rounded to w's dtype first
    b = w.copy()
    b[i] = w.dtype.type(np.float64(w[i]) + np.float64(delta))   # exact sum rounded once
    return a, b
