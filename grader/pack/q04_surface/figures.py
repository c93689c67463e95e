"""The experiment behind the report's pictures of Q4: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.pack.experiments import OFFSETS, heatmap, slice_model, slice_predictions
from gdgrade.plot import GREY, INK, PALE_GREEN, PALE_GREY, SQUARE, Figure
from gdgrade.reference import q04_surface as reference


def experiment(impl=reference):
    """The total RMSE on the slice, its convexity map and the facts of the captions.

    A grid minimum: an interior point below its four axis neighbours."""
    net, w, X, Y, i, j = slice_model()
    Z = np.sqrt(np.mean((slice_predictions(net, w, X, OFFSETS) - Y) ** 2, axis=-1))
    h = float(OFFSETS[1] - OFFSETS[0])
    convex = impl.convexity_map(Z, h, tol=1e-9)
    c = Z[1:-1, 1:-1]
    minima = np.argwhere((c < Z[:-2, 1:-1]) & (c < Z[2:, 1:-1]) & (c < Z[1:-1, :-2]) & (c < Z[1:-1, 2:])) + 1
    best = np.unravel_index(np.argmin(Z), Z.shape)
    return {"net": net, "w": w, "X": X, "Y": Y, "i": i, "j": j, "Z": Z, "h": h, "convex": convex,
            "convex_share": float(convex.mean()), "minima": minima, "best": best, "min": float(Z.min())}


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: a map of the
    grid's interior points that the contract fixes but for points within rounding of the tolerance,
    so it is the reference's at all but at most 1% of them (the caption's share is computed from it)."""
    convex = np.asarray(e["convex"])
    return (convex.shape == reference["convex"].shape and convex.dtype == bool
            and float(np.mean(convex != reference["convex"])) <= 0.01)


def figures(_=str, e=None):
    """The total RMSE over two weights as a heatmap, and the map of where it is convex."""
    e = experiment() if e is None else e
    Z, i, j, convex = e["Z"], e["i"], e["j"], e["convex"]
    levels = np.linspace(Z.min(), Z.max(), 10)[1:-1]
    a, b = (f"{OFFSETS[k]:.1f}".replace("-", "−") for k in e["best"])
    n_min = len(e["minima"])
    caption = (_("The slice is continuous and smooth (tanh activations), with a single minimum on the grid "
                 "(RMSE {min:.2f} at offsets ({a}, {b})), but it is not a bowl: it curves upwards "
                 "in every direction at only {share:.0%} of the points.") if n_min == 1 else
               _("The slice is continuous and smooth (tanh activations), with {n} grid minima "
                 "(RMSE {min:.2f} at offsets ({a}, {b})), but it is not a bowl: it curves upwards "
                 "in every direction at only {share:.0%} of the points."))
    fig1 = heatmap("q04-fig-a", _("Total RMSE over two weights, all others fixed"),
                   caption.format(n=n_min, min=e['min'], a=a, b=b, share=e['convex_share']), Z, i, j,
                   _("RMSE (quantiles)"),
                   axis=_("offset of w[{k}]"))
    fig1.contours(Z, OFFSETS, OFFSETS, levels)
    fig1.legend(_("current w"), "#ffffff", "dot")

    inner = OFFSETS[1:-1]
    fig2 = Figure("q04-fig-b", _("Where the slice is convex (convexity_map)"),
                  _("The surface curves upwards in every direction on only {share:.0%} of the grid "
                    "points; everywhere else some direction curves down.").format(share=e['convex_share']),
                  _("offset of w[{k}]").format(k=i), _("offset of w[{k}]").format(k=j),
                  (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1),
                  (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1), **SQUARE)
    fig2.grid_cells(inner, inner, np.where(convex, PALE_GREEN, PALE_GREY).tolist())
    fig2.contours(Z, OFFSETS, OFFSETS, levels, color=GREY, opacity=0.8)
    fig2.dot(0.0, 0.0, "#ffffff", r=3.2, stroke=INK)
    fig2.legend(_("convex: Hessian λmin ≥ 0"), PALE_GREEN, "box")
    fig2.legend(_("not convex"), PALE_GREY, "box")
    return [fig1, fig2]
