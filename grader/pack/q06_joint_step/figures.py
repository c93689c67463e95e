"""The experiment behind the report's pictures of Q6: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.plot import INK, SQUARE, VERMILLION, Figure, colour_scale
from gdgrade.reference import q06_joint_step


def experiment():
    """The reference counterexample on a grid, the losses after each step, and the joint step's path.

    Overshooting: along w0 + t·(di, dj) the loss is lowest at some t < 1 and at t = 1 it is
    above the start."""
    f, w0 = q06_joint_step.joint_step_counterexample()
    di, dj = -0.1, 0.3
    xs = np.linspace(-0.2, 0.1, 25) + w0[0]
    ys = np.linspace(-0.15, 0.45, 25) + w0[1]
    ts = np.linspace(0.0, 1.0, 101)
    path = np.array([f(w0 + t * np.array([di, dj])) for t in ts])
    return {"f": f, "w0": w0, "di": di, "dj": dj, "xs": xs, "ys": ys,
            "Z": np.array([[f(np.array([a, b])) for b in ys] for a in xs]),
            "base": f(w0), "only_i": f(w0 + [di, 0.0]), "only_j": f(w0 + [0.0, dj]), "both": f(w0 + [di, dj]),
            "path_ts": ts, "path": path, "lowest_t": float(ts[np.argmin(path)])}


def figures(_=str):
    """Contours of the reference counterexample with the two single steps and the joint step."""
    e = experiment()
    f, w0, di, dj, xs, ys, Z = e["f"], e["w0"], e["di"], e["dj"], e["xs"], e["ys"], e["Z"]
    a, b = f"{e['only_i']:.2f}", f"{e['only_j']:.2f}"
    singles = a if a == b else _("{a} and {b}").format(a=a, b=b)
    colors, colorbar = colour_scale(Z, _("loss f"), rank=True)
    hx, hy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    fig = Figure("q06-fig", _("Two steps that each help, and both together"),
                 _("w1 − 0.1 alone and w2 + 0.3 alone each lower the loss from {base:.2f} to {singles}, but "
                   "together they overshoot the valley floor: along the joint step the loss is lowest "
                   "{lowest:.0%} of the way, and at its end it has risen to {both:.2f}.").format(
                     base=e["base"], singles=singles, lowest=e["lowest_t"], both=e["both"]),
                 "w1", "w2", (xs[0] - hx, xs[-1] + hx), (ys[0] - hy, ys[-1] + hy),
                 **SQUARE, colorbar=colorbar)
    fig.grid_cells(xs, ys, colors)
    fig.contours(Z, xs, ys, np.quantile(Z, [0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9]))
    base = e["base"]
    targets = [((di, 0.0), "#ffffff"), ((0.0, dj), "#ffffff"), ((di, dj), VERMILLION)]
    for (a, b), color in targets:
        fig.arrow(w0[0], w0[1], w0[0] + a, w0[1] + b, color)
    fig.dot(w0[0], w0[1], "#ffffff", r=3.2, stroke=INK)
    fig.text(w0[0] + 0.012, w0[1] - 0.03, f"{base:.2f}", color="#ffffff", weight="bold")
    fig.text(w0[0] + di, w0[1] - 0.045, f"{f(w0 + [di, 0.0]):.2f}", anchor="middle", color="#ffffff",
             weight="bold")
    fig.text(w0[0] + 0.012, w0[1] + dj - 0.01, f"{f(w0 + [0.0, dj]):.2f}", color="#ffffff", weight="bold")
    fig.text(w0[0] + di - 0.01, w0[1] + dj + 0.035, _("both: {value:.2f}").format(value=f(w0 + [di, dj])), anchor="middle",
             color="#ffffff", weight="bold")
    fig.legend(_("single steps"), "#ffffff", "arrow")
    fig.legend(_("joint step"), VERMILLION, "arrow")
    return [fig]
