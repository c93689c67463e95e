"""The experiment behind the report's pictures of Q1: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, GREEN, GREY, ORANGE, VERMILLION, Figure, fmt
from gdgrade.reference import q01_perturb as reference


def experiment(impl=reference):
    """|ΔY| for a range of eps on three weights of a tanh MLP, and on a weight into a ReLU unit that is off."""
    net = MLP([4, 12, 12, 1], "tanh")
    w = net.init(np.random.default_rng(1))
    x = np.random.default_rng(2).standard_normal((1, 4))
    grad = net.output_gradient(w, x, 0)
    order = np.argsort(-np.abs(grad))
    picks = [int(order[0]), int(order[len(order) // 3]), int(order[(9 * len(order)) // 10])]
    eps = np.logspace(-7, 0, 15)
    dy = {k: np.array([abs(float(impl.perturb_and_measure(net.predict, w, x, k, e)[0])) for e in eps])
          for k in picks}

    # The same weights in a ReLU network: a unit that is off for this input passes nothing on.
    relu = MLP([4, 12, 12, 1], "relu")
    z1 = x @ relu.layers(w)[0][0] + relu.layers(w)[0][1]
    unit = int(np.argmin(z1[0]))
    row = int(np.argmax(np.abs(x[0])))
    k = relu.weight_index(0, row, unit)
    relu_dy = np.array([float(impl.perturb_and_measure(relu.predict, w, x, k, e)[0]) for e in eps])
    zero = eps[relu_dy == 0.0]
    # Slope of each line on log-log axes between neighbouring eps; "linear": within 1% of 1.
    slopes = {k: np.diff(np.log10(d)) / np.diff(np.log10(eps)) for k, d in dy.items()}
    bad = np.any([np.abs(s - 1.0) > 0.01 for s in slopes.values()], axis=0)
    linear_upto = float(eps[np.flatnonzero(bad)[0]] if bad.any() else eps[-1])
    return {"slopes": slopes, "linear_upto": linear_upto,
            "height_error": max(float(abs(d[0] / eps[0] / abs(grad[k]) - 1.0)) for k, d in dy.items()),
            "eps": eps, "picks": picks, "grad": grad, "dy": dy, "relu_weight": k, "relu_dy": relu_dy,
            "unit_pre_activation": float(z1[0, unit]), "x_row": float(x[0, row]),
            "upto": float(zero.max()) if len(zero) else 0.0}


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the contract
    fixes each change up to rounding, so they are the reference's, and exactly 0 where its are."""
    return (all(np.allclose(e["dy"][k], reference["dy"][k], rtol=1e-6, atol=1e-15) for k in reference["picks"])
            and np.array_equal(e["relu_dy"] == 0.0, reference["relu_dy"] == 0.0))


def figures(_=str, e=None):
    """|ΔY| against eps on log-log axes for three weights of a tanh MLP, and a dead ReLU weight."""
    e = experiment() if e is None else e
    eps = e["eps"]
    fig = Figure("q01-fig", _("How far Y_pred moves when one weight moves by eps"),
                 _("Each line is one weight of a tanh network: |ΔY| grows in proportion to eps (slope 1 on "
                   "log-log axes, within 1% up to eps = {upto}), at a height set by that "
                   "weight's derivative: |ΔY|/eps = |∂Y/∂w| for small eps.").format(upto=fmt(e['linear_upto'], 1)),
                 _("eps (step of one weight)"), "|ΔY|", (1e-7, 1.0), (1e-11, 1.0), x_log=True, y_log=True)
    for k, color in zip(e["picks"], (BLUE, ORANGE, GREEN)):
        fig.line(eps, e["dy"][k], color, label=f"w[{k}]: ∂Y/∂w = {fmt(float(e['grad'][k]))}")
    fig.line([1e-4, 1e-4], [1e-11, 1.0], GREY, dash=True, width=1.0)
    fig.text(1.4e-4, 0.15, "eps = 0.0001", color=GREY, size=10)
    fig.text(0.98, 0.82, _("ReLU network, w[{k}] into a unit that is off:").format(k=e['relu_weight']),
             anchor="end", frame="plot", size=10)
    fig.text(0.98, 0.91, _("ΔY = 0 exactly for every eps ≤ {upto:.2g} (off the log axes)").format(upto=e['upto']),
             anchor="end", frame="plot", size=10, color=VERMILLION)
    return [fig]
