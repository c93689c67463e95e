"""The experiment behind the report's pictures of Q6: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.pack.experiments import values_at
from gdgrade.plot import INK, SQUARE, VERMILLION, Figure, colour_scale
from gdgrade.reference import q06_joint_step as reference


def experiment(impl=reference):
    """The counterexample of `impl` on a grid, the losses after each step, and the joint step's path.

    Overshooting: along w0 + t·(di, dj) the loss is lowest at some t < 1 and at t = 1 it is
    above the start."""
    f, w0 = impl.joint_step_counterexample()
    di, dj = -0.1, 0.3
    xs = np.linspace(-0.2, 0.1, 25) + w0[0]
    ys = np.linspace(-0.15, 0.45, 25) + w0[1]
    w0 = np.asarray(w0, dtype=np.float64)
    ts = np.linspace(0.0, 1.0, 101)
    grid = [np.array([a, b]) for a in xs for b in ys]
    steps = [w0, w0 + [di, 0.0], w0 + [0.0, dj], w0 + [di, dj]]
    values = values_at(f, grid + steps + [w0 + t * np.array([di, dj]) for t in ts])
    base, only_i, only_j, both = values[len(grid):len(grid) + 4]
    path = values[len(grid) + 4:]
    return {"f": f, "w0": w0, "di": di, "dj": dj, "xs": xs, "ys": ys,
            "Z": values[:len(grid)].reshape(len(xs), len(ys)),
            "base": base, "only_i": only_i, "only_j": only_j, "both": both,
            "path_ts": ts, "path": path, "lowest_t": float(ts[np.argmin(path)])}


def _num(value):
    return f"{value:.2f}".replace("-", "−")


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: each single
    step lowers the loss and the joint one raises it, as the contract asks (the counterexample is the
    submission's own, so nothing is compared with the reference's)."""
    return bool(e["only_i"] < e["base"] - 1e-6 and e["only_j"] < e["base"] - 1e-6 and e["both"] > e["base"] + 1e-6)


def figures(_=str, e=None):
    """Contours of the counterexample with the two single steps and the joint step."""
    e = experiment() if e is None else e
    w0, di, dj, xs, ys, Z = e["w0"], e["di"], e["dj"], e["xs"], e["ys"], e["Z"]
    a, b = _num(e["only_i"]), _num(e["only_j"])
    singles = a if a == b else _("{a} and {b}").format(a=a, b=b)
    colors, colorbar = colour_scale(Z, _("loss f (quantiles)"), rank=True)
    hx, hy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    # A counterexample may rise from the very start of the joint step: then there is no floor to overshoot.
    caption = (_("w1 − 0.1 alone and w2 + 0.3 alone each lower the loss from {base} to {singles}, but "
                 "together they overshoot the valley floor: along the joint step the loss is lowest "
                 "{lowest:.0%} of the way, and at its end it has risen to {both}.") if e["lowest_t"] > 0 else
               _("w1 − 0.1 alone and w2 + 0.3 alone each lower the loss from {base} to {singles}, but "
                 "along the joint step it rises from the start, to {both} at its end."))
    fig = Figure("q06-fig", _("Two steps that each help, and both together"),
                 caption.format(base=_num(e["base"]), singles=singles, lowest=e["lowest_t"], both=_num(e["both"])),
                 "w1", "w2", (xs[0] - hx, xs[-1] + hx), (ys[0] - hy, ys[-1] + hy),
                 **SQUARE, colorbar=colorbar)
    fig.grid_cells(xs, ys, colors)
    fig.contours(Z, xs, ys, np.quantile(Z, [0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9]))
    base = e["base"]
    targets = [((di, 0.0), "#ffffff"), ((0.0, dj), "#ffffff"), ((di, dj), VERMILLION)]
    for (a, b), color in targets:
        fig.arrow(w0[0], w0[1], w0[0] + a, w0[1] + b, color)
    fig.dot(w0[0], w0[1], "#ffffff", r=3.2, stroke=INK)
    fig.text(w0[0] + 0.012, w0[1] - 0.03, _num(base), color="#ffffff", weight="bold")
    fig.text(w0[0] + di, w0[1] - 0.045, _num(e["only_i"]), anchor="middle", color="#ffffff",
             weight="bold")
    fig.text(w0[0] + 0.012, w0[1] + dj - 0.01, _num(e["only_j"]), color="#ffffff", weight="bold")
    fig.text(w0[0] + di - 0.01, w0[1] + dj + 0.035, _("both: {value}").format(value=_num(e["both"])), anchor="middle",
             color="#ffffff", weight="bold")
    fig.legend(_("single steps"), "#ffffff", "arrow")
    fig.legend(_("joint step"), VERMILLION, "arrow")
    return [fig]
