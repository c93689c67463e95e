"""The experiment behind the report's pictures of Q5: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.pack.experiments import OFFSETS, heatmap, slice_model, slice_predictions
from gdgrade.reference import q05_other_losses


def figures():
    """The same slice under MSE (smooth) and under 0-1 loss (terraces)."""
    net, w, X, Y, i, j = slice_model()
    labels = (Y > np.median(Y)).astype(np.float64)
    P = slice_predictions(net, w, X, OFFSETS)
    mse = np.mean((P - labels) ** 2, axis=-1)
    zero_one = np.mean((P > 0.5) != (labels > 0.5), axis=-1)
    monotone = q05_other_losses.is_monotone_transform(np.sqrt(mse), mse)
    flat = q05_other_losses.flat_fraction(zero_one)
    fig1 = heatmap("q05-fig-a", "MSE on the slice (labels 0 or 1)",
                   "A smooth surface: every direction shows how to improve"
                   + (", and its minimisers and level sets are those of RMSE." if monotone else "."),
                   mse, i, j, "MSE")
    fig1.contours(mse, OFFSETS, OFFSETS, np.linspace(mse.min(), mse.max(), 10)[1:-1])
    fig2 = heatmap("q05-fig-b", "0-1 loss (error rate) on the same slice",
                   f"Terraces: {flat:.0%} of the points have all four neighbours at exactly the same value, "
                   "so the gradient is 0 there and gradient descent gets no signal.",
                   zero_one, i, j, "error rate", rank=False)
    return [fig1, fig2]
