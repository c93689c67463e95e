"""The experiment behind the report's pictures of Q10: figures() returns them (gdgrade.plot.Figure)."""

import math

import numpy as np

from gdgrade.plot import BLUE, GREEN, INK, ORANGE, VERMILLION, Figure
from gdgrade.reference import q10_plateau


def figures():
    """Gradient descent below and above 2/λ_max, and SGD hovering at its stationary loss."""
    rng = np.random.default_rng(10)
    n = 40
    base = rng.standard_normal((n, 2))
    X = base @ np.array([[1.0, 0.0], [0.9, 0.35]])      # correlated features: curvatures far apart
    Y = X @ np.array([1.0, -2.0]) + 0.5 * rng.standard_normal(n)
    H = 2.0 * X.T @ X / n                              # Hessian of mean((Xw - Y)^2)
    lr_max = q10_plateau.max_stable_lr(H)
    floor = q10_plateau.best_achievable_mse(X, Y)
    steps = np.arange(61)
    fig1 = Figure("q10-fig-a", "Gradient descent on a linear model with noisy labels",
                  "Below 2/λmax the loss falls towards the floor no optimiser can beat (label noise); "
                  "above it the iterates overshoot along the sharpest direction and the loss explodes.",
                  "step", "MSE", (0, 60), (floor * 0.3, 300.0), y_log=True)
    factors = np.array([0.5, 0.95, 1.05])
    V = np.zeros((2, len(factors)))                    # one column per learning rate
    losses = []
    for _ in steps:
        R = X @ V - Y[:, None]
        losses.append(np.mean(R * R, axis=0))
        V = V - factors * lr_max * (2.0 * X.T @ R / n)
    losses = np.array(losses)
    for k, color in enumerate((BLUE, GREEN, VERMILLION)):
        fig1.line(steps, losses[:, k], color, label=f"lr = {factors[k]:g} · 2/λmax")
    fig1.line([0, 60], [floor, floor], INK, dash=True, width=1.2)
    fig1.text(59, floor * 0.62, f"floor: best achievable MSE {floor:.3f}", anchor="end", size=10)

    curvature, noise, chains, T, switch = 1.0, 1.0, 400, 160, 80
    srng = np.random.default_rng(11)
    xi = srng.standard_normal((T, chains)) * math.sqrt(noise)
    V = np.full((2, chains), 2.0)                      # row 0: constant rate, row 1: decayed
    mean_loss = []
    for t in range(T):
        mean_loss.append(np.mean(0.5 * curvature * V * V, axis=1))
        rates = np.array([[0.4], [0.4 if t < switch else 0.05]])
        V = V - rates * (curvature * V + xi[t])
    mean_loss = np.array(mean_loss)
    runs = {"const": mean_loss[:, 0], "decay": mean_loss[:, 1]}
    high = q10_plateau.sgd_stationary_loss(curvature, 0.4, noise)
    low = q10_plateau.sgd_stationary_loss(curvature, 0.05, noise)
    fig2 = Figure("q10-fig-b", "SGD with noisy gradients on ½·λ·w²",
                  f"With a fixed learning rate the average loss of {chains} runs hovers at the stationary level "
                  "lr·σ²/(2(2 − lr·λ)) (dashed); lowering the rate lowers the level.",
                  "step", "mean loss", (0, T), (low * 0.4, 4.0), y_log=True)
    fig2.line(np.arange(T), runs["const"], BLUE, width=1.6, label="lr = 0.4")
    fig2.line(np.arange(T), runs["decay"], ORANGE, width=1.6, label=f"lr 0.4 → 0.05 at step {switch}")
    fig2.line([0, T], [high, high], INK, dash=True, width=1.2)
    fig2.line([switch, T], [low, low], INK, dash=True, width=1.2)
    fig2.text(4, high * 1.45, f"{high:.3f}", size=10)
    fig2.text(switch + 4, low * 0.55, f"{low:.4f}", size=10)
    return [fig1, fig2]
