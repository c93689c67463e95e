"""The experiment behind the report's pictures of Q7: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, INK, VERMILLION, Figure
from gdgrade.reference import q07_per_example


def figures():
    """Per-example loss changes after one gradient-descent step on the total RMSE."""
    net = MLP([2, 8, 1], "tanh")
    rng = np.random.default_rng(5)
    w = net.init(rng)
    X = rng.standard_normal((16, 2))
    Y = rng.standard_normal(16)
    lr = 0.1
    changes = q07_per_example.per_example_loss_changes(lambda v: net.per_example_loss(v, X, Y),
                                                       lambda v: net.loss_gradient(v, X, Y), w, lr)
    total = net.loss(w - lr * net.loss_gradient(w, X, Y), X, Y) - net.loss(w, X, Y)
    predicted = set(q07_per_example.conflicting_examples(net.per_example_gradients(w, X, Y),
                                                         net.loss_gradient(w, X, Y)).tolist())
    worse = int(np.sum(changes > 0))
    span = float(np.abs(changes).max()) * 1.25
    fig = Figure("q07-fig", "Change of each example's loss after one step",
                 f"The step lowers the total RMSE by {-total:.3f}, yet {worse} of {len(changes)} examples get "
                 "worse: their gradients point against the mean gradient (marked ▲, predicted to first order).",
                 "example", "change of |y − Y|", (-0.7, len(changes) - 0.3), (-span, span))
    fig.x_ticks = [(k, str(k)) for k in range(0, len(changes), 3)]
    fig.line([-0.7, len(changes) - 0.3], [0, 0], INK, width=0.8)
    for k, c in enumerate(changes):
        fig.bar(k - 0.35, k + 0.35, 0.0, float(c), VERMILLION if c > 0 else BLUE)
        if k in predicted:
            fig.text(k, float(c) + 0.06 * span, "▲", anchor="middle", color=VERMILLION, size=8)
    fig.legend("loss rose", VERMILLION, "box")
    fig.legend("loss fell", BLUE, "box")
    return [fig]
