"""The experiment behind the report's pictures of Q3: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, GREEN, GREY, INK, ORANGE, SKY, VERMILLION, Figure, padded
from gdgrade.reference import q01_perturb, q03_loss_change


def figures():
    """Per-example losses with their kinks, and total RMSE change against the mean of per-example changes."""
    net = MLP([3, 8, 1], "tanh")
    rng = np.random.default_rng(3)
    w = net.init(rng)
    X = rng.standard_normal((6, 3))
    k = net.weight_index(1, 2, 0)          # an output weight: y moves linearly with it
    y0 = net.predict(w, X)
    dydw = q01_perturb.partial_derivative(net.predict, w, X, k)
    # Targets chosen so that several predictions become exact inside the sweep.
    kinks = np.array([-0.8, 2.5, -0.4, -0.7, -0.9, -0.6])
    Y = y0 + dydw * kinks           # example i's prediction is exact at eps = kinks[i]
    eps = np.union1d(np.linspace(-1.5, 1.5, 61), kinks[np.abs(kinks) < 1.5])
    changes = [q03_loss_change.loss_change(net.predict, w, X, Y, k, e) for e in eps]
    per = np.array([c[0] for c in changes])             # (len(eps), n)
    total = np.array([c[1] for c in changes])
    base_per = np.abs(y0 - Y)
    base_total = float(np.sqrt(np.mean((y0 - Y) ** 2)))

    fig1 = Figure("q03-fig-a", "Per-example loss and total RMSE as one weight moves",
                  "Each example's loss |y − Y| has a kink where its prediction becomes exact; "
                  "the total RMSE bends smoothly.",
                  f"eps added to w[{k}]", "loss", (-1.5, 1.5),
                  (0.0, float(max((base_per + per)[:, :3].max(), (base_total + total).max())) * 1.1))
    for i, color in zip((0, 1, 2), (BLUE, ORANGE, GREEN)):
        fig1.line(eps, base_per[i] + per[:, i], color, width=1.4, label=f"|y{i} − Y{i}|")
    fig1.line(eps, base_total + total, INK, width=2.6, label="total RMSE")

    slope = q03_loss_change.linearized_loss_change(y0, Y, dydw)
    small = np.abs(eps) <= 0.5
    mean_per = per[small].mean(axis=1)
    opposite = np.sign(slope) != np.sign(np.mean(np.sign(y0 - Y) * dydw))
    fig2 = Figure("q03-fig-b", "Change of the total RMSE versus the mean per-example change",
                  "The total RMSE changes by ≈ eps · ∂L/∂w (first order), which is not the mean of the "
                  "per-example changes" + (" (here not even its sign)" if opposite else "")
                  + ": RMSE weighs badly fitted examples more.",
                  f"eps added to w[{k}]", "loss change", (-0.5, 0.5), padded(total[small], mean_per, pad=0.1))
    fig2.line([-0.5, 0.5], [0, 0], GREY, width=0.8)
    fig2.line(eps[small], total[small], INK, width=2.6, label="ΔL total")
    fig2.line(eps[small], eps[small] * slope, SKY, dash=True, width=1.6, label="eps · ∂L/∂w")
    fig2.line(eps[small], mean_per, VERMILLION, width=2.0, label="mean of ΔL_i")
    return [fig1, fig2]
