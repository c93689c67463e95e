"""Models and sweeps that more than one question's figures use: the slice of Q4 and Q5 (and Q5's line through it)."""

import numpy as np

from gdgrade.gdkit.models import MLP, activate
from gdgrade.plot import INK, SQUARE, Figure, colour_scale


OFFSETS = np.linspace(-3.0, 3.0, 31)


def values_at(f, points):
    """f(p) for each of `points` as a float array: a function a submission returned (a
    gdgrade.drawing.Submitted value, with `many`) is asked in one batched call, any other
    one point at a time."""
    many = getattr(f, "many", None)
    return np.array(many(points) if many is not None else [f(p) for p in points], dtype=np.float64)


def slice_model():
    """A small tanh network with data, and the two weights of the slice: a first-layer
    weight W1[0, 0] and the output weight W2[0, 0] of the same hidden unit."""
    net = MLP([2, 3, 1], "tanh")
    rng = np.random.default_rng(11)
    X = rng.standard_normal((12, 2))
    teacher = MLP([2, 3, 1], "tanh").init(np.random.default_rng(12), scale=4.0)
    Y = net.predict(teacher, X)
    w = net.init(rng)
    return net, w, X, Y, net.weight_index(0, 0, 0), net.weight_index(1, 0, 0)


def slice_predictions(net, w, X, offsets):
    """predict(w with W1[0,0] += offsets[a] and W2[0,0] += offsets[b], X) for every (a, b) at once.

    Same values as calling net.predict per grid point (the tests check it against
    reference loss_surface), in one broadcast instead of R*R calls: only unit 0's
    pre-activation and its output weight change."""
    (W1, b1), (W2, b2) = net.layers(w)
    Z1 = X @ W1 + b1
    H1 = activate(net.activation, Z1)
    rest = H1[:, 1:] @ W2[1:, 0] + b2[0]                          # (n,) the other units
    h_u = activate(net.activation, Z1[None, :, 0] + offsets[:, None] * X[None, :, 0])   # (R, n)
    return rest + (W2[0, 0] + offsets)[None, :, None] * h_u[:, None, :]              # (R, R, n)


def line_predictions(net, w, X, offsets):
    """predict(w with W2[0,0] += offsets[b], X) for every b: row a = 0 of slice_predictions, shape (R, n).

    The output weight enters the prediction linearly, so each prediction is an affine
    function of the offset (the tests check it against slice_predictions)."""
    (W1, b1), (W2, b2) = net.layers(w)
    H1 = activate(net.activation, X @ W1 + b1)
    rest = H1[:, 1:] @ W2[1:, 0] + b2[0]
    return rest[None, :] + (W2[0, 0] + np.asarray(offsets, float))[:, None] * H1[None, :, 0]


def heatmap(fid, title, caption, Z, i, j, bar_label, rank=True, axis="offset of w[{k}]"):
    """A heatmap of Z over the slice; `axis`: the axes' label with {k} for the weight (translated by the caller)."""
    colors, colorbar = colour_scale(Z, bar_label, rank)
    fig = Figure(fid, title, caption, axis.format(k=i), axis.format(k=j),
                 (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1), (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1),
                 **SQUARE, colorbar=colorbar)
    fig.grid_cells(OFFSETS, OFFSETS, colors)
    fig.dot(0.0, 0.0, "#ffffff", r=3.2, stroke=INK)
    return fig


