"""The experiment behind the report's pictures of Q4: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.pack.experiments import OFFSETS, heatmap, slice_model, slice_predictions
from gdgrade.plot import INK, SQUARE, Figure
from gdgrade.reference import q04_surface


def figures():
    """The total RMSE over two weights as a heatmap, and the map of where it is convex."""
    net, w, X, Y, i, j = slice_model()
    Z = np.sqrt(np.mean((slice_predictions(net, w, X, OFFSETS) - Y) ** 2, axis=-1))
    h = float(OFFSETS[1] - OFFSETS[0])
    convex = q04_surface.convexity_map(Z, h, tol=1e-9)
    levels = np.linspace(Z.min(), Z.max(), 10)[1:-1]
    fig1 = heatmap("q04-fig-a", "Total RMSE over two weights, all others fixed",
                   "The slice is continuous and smooth (tanh activations), but it is not a bowl: "
                   "its contour lines bend both ways.", Z, i, j, "RMSE")
    fig1.contours(Z, OFFSETS, OFFSETS, levels)
    fig1.legend("current w", "#ffffff", "dot")

    inner = OFFSETS[1:-1]
    fig2 = Figure("q04-fig-b", "Where the slice is convex (convexity_map)",
                  f"The surface curves upwards in every direction on only {convex.mean():.0%} of the grid "
                  "points; everywhere else some direction curves down.",
                  f"offset of w[{i}]", f"offset of w[{j}]", (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1),
                  (OFFSETS[0] - 0.1, OFFSETS[-1] + 0.1), **SQUARE)
    fig2.grid_cells(inner, inner, np.where(convex, "#7fcdb0", "#ececf0").tolist())
    fig2.contours(Z, OFFSETS, OFFSETS, levels, color="#6e6e73", opacity=0.8)
    fig2.dot(0.0, 0.0, "#ffffff", r=3.2, stroke=INK)
    fig2.legend("convex: Hessian λmin ≥ 0", "#7fcdb0", "box")
    fig2.legend("not convex", "#ececf0", "box")
    return [fig1, fig2]


