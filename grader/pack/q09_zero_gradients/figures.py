"""The experiment behind the report's pictures of Q9: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import GREY, INK, ORANGE, PALE_BLUE, Figure, fmt
from gdgrade.reference import q09_zero_gradients as reference


def experiment(impl=reference):
    """A ReLU network with a dead first-layer unit and a barely-off second-layer unit, one step, and
    which gradient coordinates are 0 before and after it."""
    sizes = [2, 4, 4, 1]
    net = MLP(sizes, "relu")
    rng = np.random.default_rng(9)
    w = net.init(rng)
    X = rng.standard_normal((12, 2))
    Y = rng.standard_normal(12)
    (W1, b1), (W2, b2), _ = net.layers(w)
    b1[0] = -8.0                       # first-layer unit 0: off on every example, for good

    def grad(v):
        return net.loss_gradient(v, X, Y)

    # A second-layer unit switched off on every example, just barely: while it is off
    # the gradient does not depend on its bias, so take the step first, then put the
    # bias between its largest pre-activation before the step and the largest after.
    lr = 0.5
    best = None
    for v in range(sizes[2]):
        trial = w.copy()
        trial[net.bias_index(1, v)] = -1e3
        (V1, c1), (V2, _), _ = net.layers(trial - lr * grad(trial))
        pre = np.max(np.maximum(X @ W1 + b1, 0) @ W2[:, v])
        post = np.max(np.maximum(X @ V1 + c1, 0) @ V2[:, v])
        if best is None or post - pre > best[0]:
            best = (post - pre, v, pre)
    gain, unit, pre = best
    b2[unit] = -(pre + max(gain, 0.0) / 2)

    g, g_new = grad(w), grad(w - lr * grad(w))
    revived = impl.revived_coordinates(grad, w, lr).tolist()
    dead = impl.dead_relu_units(W1, b1, X).tolist()
    stays = np.flatnonzero((g == 0) & (g_new == 0)).tolist()
    touching = sorted({net.weight_index(0, r, u) for r in range(sizes[0]) for u in dead}
                      | {net.bias_index(0, u) for u in dead}
                      | {net.weight_index(1, u, v) for u in dead for v in range(sizes[2])})

    second = sorted({net.weight_index(1, u, unit) for u in range(sizes[1])} | {net.bias_index(1, unit)}
                    | {net.weight_index(2, unit, o) for o in range(sizes[3])})
    (V1, c1), (V2, c2), _ = net.layers(w - lr * g)
    return {"sizes": sizes, "net": net, "g": g, "g_new": g_new, "revived": revived, "dead": dead,
            "stays": stays, "touching": touching, "unit": unit, "second_unit_params": second,
            "unit_max_before": float(np.max(np.maximum(X @ W1 + b1, 0) @ W2[:, unit] + b2[unit])),
            "unit_max_after": float(np.max(np.maximum(X @ V1 + c1, 0) @ V2[:, unit] + c2[unit])),
            "dead_max": float(np.max(X @ W1[:, dead] + b1[dead])) if dead else None}


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the contract
    fixes both lists of indices exactly, so they are the reference's."""
    return e["revived"] == reference["revived"] and e["dead"] == reference["dead"]


def figures(_=str, e=None):
    """Which zero gradient coordinates of a ReLU network stay zero after one step, and which wake up."""
    e = experiment() if e is None else e
    sizes, net, g, g_new, revived, dead = e["sizes"], e["net"], e["g"], e["g_new"], e["revived"], e["dead"]
    stays, touching, unit = e["stays"], e["touching"], e["unit"]
    p = net.n_params
    colors = {"nonzero": PALE_BLUE, "dead": INK, "zero": GREY, "revived": ORANGE}

    def color(k, grad_k, was_zero):
        if grad_k != 0:
            return colors["revived"] if was_zero else colors["nonzero"]
        return colors["dead"] if k in touching else colors["zero"]

    before = [color(k, g[k], False) for k in range(p)]
    after = [color(k, g_new[k], g[k] == 0) for k in range(p)]
    units = ", ".join(map(str, dead))
    why = (_("; all {n} parameters into and out of first-layer unit {units}, which is off on every input, "
             "stay 0").format(n=len(touching), units=units) if set(touching) <= set(stays) else "")
    whose = (_("all into or out of") if set(revived) <= set(e["second_unit_params"]) else
             _("{k} of them into or out of").format(k=len(set(revived) & set(e["second_unit_params"]))))
    fig = Figure("q09-fig", _("Gradient coordinates of a small ReLU network before and after one step"),
                 _("{zeros} coordinates start at exactly 0. After the step {revived} of them come back, {whose} "
                   "second-layer unit {unit}, which turns on (its largest pre-activation goes from {before} to "
                   "{after}){why}.").format(zeros=int(np.sum(g == 0)), revived=len(revived), whose=whose, unit=unit,
                                            before=fmt(e["unit_max_before"], 2), after=fmt(e["unit_max_after"], 2),
                                            why=why),
                 "", "", (-0.5, p - 0.5), (-0.5, 1.5), width=440, height=175)
    fig.x_ticks, fig.y_ticks = [], []
    fig.grid_cells(np.arange(p, dtype=float), np.array([0.0, 1.0]), [[a, b] for b, a in zip(before, after)])
    fig.text(-0.01, 0.28, _("before"), anchor="end", frame="plot")
    fig.text(-0.01, 0.78, _("after"), anchor="end", frame="plot")
    # Group labels and separators under the strip, one per layer's weights and biases.
    start = 0
    for l, (fi, fo) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        for name, n in ((f"W{l}", fi * fo), (f"b{l}", fo)):
            if start:
                fig.line([start - 0.5, start - 0.5], [-0.5, 1.5], "#ffffff", width=3.0)
            fig.text(start + (n - 1) / 2, -0.9, name, anchor="middle")
            start += n
    fig.legend("g ≠ 0", colors["nonzero"], "box")
    fig.legend(_("g = 0: dead unit {units}").format(units=units), colors["dead"], "box")
    fig.legend(_("g = 0: other"), colors["zero"], "box")
    fig.legend(_("was 0, now ≠ 0"), colors["revived"], "box")
    return [fig]
