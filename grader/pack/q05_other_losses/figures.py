"""The experiment behind the report's pictures of Q5: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.pack.experiments import OFFSETS, heatmap, line_predictions, slice_model, slice_predictions
from gdgrade.plot import BLUE, GREEN, GREY, ORANGE, VERMILLION, Figure
from gdgrade.reference import q05_other_losses as reference

SWEEP = np.linspace(-3.0, 3.0, 601)   # offsets of the output weight w[j] in the line picture
NAMES = ("RMSE", "MAE", "hinge", "0-1")


def losses(P, labels):
    """{name: loss of each row of predictions P (..., n)} for labels 0 or 1 and the decision P > 0.5.

    hinge uses the score 2P − 1 and the sign t = 2·label − 1: mean(max(0, 1 − t·(2P − 1)))."""
    t = 2.0 * labels - 1.0
    return {"RMSE": np.sqrt(np.mean((P - labels) ** 2, axis=-1)),
            "MAE": np.mean(np.abs(P - labels), axis=-1),
            "hinge": np.mean(np.maximum(0.0, 1.0 - t * (2.0 * P - 1.0)), axis=-1),
            "0-1": np.mean((P > 0.5) != (labels > 0.5), axis=-1)}


def experiment(impl=reference):
    """The four losses along one output weight and the 0-1 loss on the Q4 slice, with every caption fact.

    Along the output weight each prediction is affine in the offset, P_i(b) = P_i(0) + b·h_i,
    so the kinks are known exactly: MAE and hinge bend where P_i reaches its label (for
    labels 0/1 the hinge term is 2·max(0, 1 − P_i) or 2·max(0, P_i)), the 0-1 loss jumps
    where P_i crosses 0.5. On the sampled sweep a point is flat when both neighbours hold
    exactly its value (the 1-D form of flat_fraction)."""
    net, w, X, Y, i, j = slice_model()
    labels = (Y > np.median(Y)).astype(np.float64)
    line = line_predictions(net, w, X, SWEEP)                 # (len(SWEEP), n)
    curves = losses(line, labels)
    flat_share = {name: float(np.mean((v[1:-1] == v[:-2]) & (v[1:-1] == v[2:]))) for name, v in curves.items()}

    p0, h = line_predictions(net, w, X, [0.0])[0], line_predictions(net, w, X, [1.0])[0]
    h = h - p0
    affine_error = float(np.max(np.abs(p0 + SWEEP[:, None] * h - line)))

    def inside(b):
        return np.sort(b[(b > SWEEP[0]) & (b < SWEEP[-1])])

    kinks = inside((labels - p0) / h)                          # MAE and hinge
    steps = inside((0.5 - p0) / h)                             # 0-1
    edges = np.concatenate([[SWEEP[0]], kinks, [SWEEP[-1]]])
    mids, half = (edges[:-1] + edges[1:]) / 2, np.diff(edges) / 4

    def at(b):
        return losses(p0 + np.asarray(b)[:, None] * h, labels)

    up, down = at(mids + half), at(mids - half)
    piece_slopes = {name: (up[name] - down[name]) / (2 * half) for name in ("MAE", "hinge")}
    # Piecewise linear: every sample interval without a kink has the slope of its piece.
    piece = np.searchsorted(kinks, SWEEP[:-1])
    clean = piece == np.searchsorted(kinks, SWEEP[1:])
    spread = {name: float(np.max(np.abs(np.diff(curves[name])[clean] / np.diff(SWEEP)[clean]
                                        - piece_slopes[name][piece[clean]])))
              for name in ("MAE", "hinge")}
    rmse_slopes = np.diff(curves["RMSE"]) / np.diff(SWEEP)

    P = slice_predictions(net, w, X, OFFSETS)
    zero_one = losses(P, labels)["0-1"]
    return {
        "i": i, "j": j, "sweep": SWEEP, "curves": curves, "flat_share": flat_share,
        "affine_error": affine_error, "kinks": kinks, "steps": steps,
        "jumps": int(np.sum(np.diff(curves["0-1"]) != 0)),
        "piece_slopes": piece_slopes, "piece_spread": spread,
        "hinge_min_slope": float(np.min(np.abs(piece_slopes["hinge"]))),
        "hinge_slopes": len(np.unique(np.round(piece_slopes["hinge"], 9))),
        "mae_slope_jumps": np.abs(np.diff(piece_slopes["MAE"])),
        "rmse_min": float(curves["RMSE"].min()),
        "rmse_max_slope_change": float(np.max(np.abs(np.diff(rmse_slopes)))),
        "minimisers": {name: float(SWEEP[np.argmin(curves[name])]) for name in NAMES[:3]},
        "zero_one": zero_one, "grid_flat": impl.flat_fraction(zero_one),
        "grid_values": len(np.unique(zero_one)),
    }


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the share of
    flat points is a count, so it is the reference's."""
    return bool(np.isclose(e["grid_flat"], reference["grid_flat"], rtol=0.0, atol=1e-12))


def figures(_=str, e=None):
    """The four losses along one output weight, and the 0-1 loss (terraces) on the Q4 slice."""
    e = experiment() if e is None else e
    curves, flat = e["curves"], e["flat_share"]
    shown = {"hinge": _("hinge"), "0-1": _("0-1 (error rate)")}     # the others are names in every language
    minima = ", ".join(f"{shown.get(name, name)} {e['minimisers'][name]:.1f}".replace("-", "−") for name in NAMES[:3])
    fig1 = Figure("q05-fig-a", _("Four losses of the same model and data along w[{j}]").format(j=e['j']),
                  _("The predictions move linearly with this output weight, so MAE and hinge are piecewise linear "
                    "with {kinks} kinks (hinge: {slopes} slopes, the smallest "
                    "|slope| {min_slope:.2f}) and RMSE, never below {rmse_min:.2f}, is smooth; "
                    "their minima lie at different offsets ({minima}), and none of the three is flat at any "
                    "of the {points} points. Only the 0-1 loss is a staircase: {jumps} jumps, and at "
                    "{flat:.0%} of the points both neighbours hold exactly its value.").format(
                      kinks=len(e['kinks']), slopes=e['hinge_slopes'], min_slope=e['hinge_min_slope'],
                      rmse_min=e['rmse_min'], minima=minima, points=len(e['sweep']), jumps=e['jumps'],
                      flat=flat['0-1']),
                  _("offset of w[{k}]").format(k=e['j']), _("loss (labels 0 or 1)"), (-3.0, 3.0),
                  (0.0, 1.08 * max(float(v.max()) for v in curves.values())))
    fig1.line([0.0, 0.0], [0.0, 1.08 * max(float(v.max()) for v in curves.values())], GREY, dash=True,
              width=1.0)
    for name, color in zip(NAMES, (BLUE, GREEN, ORANGE, VERMILLION)):
        fig1.line(e["sweep"], curves[name], color, width=2.4 if name == "0-1" else 1.8,
                  label=shown.get(name, name))
    fig1.text(0.06, 0.05, _("current w"), color=GREY, size=10, frame="data")

    fig2 = heatmap("q05-fig-b", _("0-1 loss (error rate) on the Q4 slice"),
                   _("Terraces: on the grid the error rate takes only {values} values, and "
                     "{flat:.0%} of the points have all four neighbours at exactly the same value. "
                     "Between its jumps its gradient is exactly 0, so gradient descent gets no signal.").format(
                       values=e['grid_values'], flat=e['grid_flat']),
                   e["zero_one"], e["i"], e["j"], _("error rate"), rank=False, axis=_("offset of w[{k}]"))
    return [fig1, fig2]
