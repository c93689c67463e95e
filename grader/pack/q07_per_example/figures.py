"""The experiment behind the report's pictures of Q7: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, INK, VERMILLION, Figure
from gdgrade.reference import q07_per_example as reference


def experiment(impl=reference):
    """One gradient-descent step on the total RMSE, each example's loss change, and the facts of the caption.

    For RMSE, ∇L = Σ_i |r_i| / (n·L) · ∇L_i with ∇L_i the gradient of |r_i| = |y_i − Y_i|: a
    residual-weighted sum, not the plain mean of the ∇L_i."""
    net = MLP([2, 8, 1], "tanh")
    rng = np.random.default_rng(5)
    w = net.init(rng)
    X = rng.standard_normal((16, 2))
    Y = rng.standard_normal(16)
    lr = 0.1
    g = net.loss_gradient(w, X, Y)
    G = net.per_example_gradients(w, X, Y)
    changes = impl.per_example_loss_changes(lambda v: net.per_example_loss(v, X, Y),
                                                       lambda v: net.loss_gradient(v, X, Y), w, lr)
    r = net.predict(w, X) - Y
    weights = np.abs(r) / (len(r) * net.loss(w, X, Y))
    mean = G.mean(axis=0)
    predicted = set(impl.conflicting_examples(G, g).tolist())
    by_mean = set(impl.conflicting_examples(G, mean).tolist())
    return {
        "changes": changes, "lr": lr,
        "total": net.loss(w - lr * g, X, Y) - net.loss(w, X, Y),
        "worse": set(np.flatnonzero(changes > 0).tolist()), "predicted": predicted, "by_mean": by_mean,
        "weights": weights, "weighted_error": float(np.max(np.abs(weights @ G - g))),
        "cosine": float(mean @ g / (np.linalg.norm(mean) * np.linalg.norm(g))),
    }


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the contract
    fixes the changes up to rounding and the indices exactly, so they are the reference's."""
    return (np.allclose(e["changes"], reference["changes"], rtol=1e-6, atol=1e-12)
            and e["predicted"] == reference["predicted"] and e["by_mean"] == reference["by_mean"])


def figures(_=str, e=None):
    """Per-example loss changes after one gradient-descent step on the total RMSE."""
    e = experiment() if e is None else e
    changes, predicted = e["changes"], e["predicted"]
    worse = len(e["worse"])
    marked = (_("exactly those marked ▲") if predicted == e["worse"]
              else _("{k} of them among the {m} marked ▲").format(k=len(predicted & e["worse"]), m=len(predicted)))
    wrong = sorted(e["by_mean"] ^ e["worse"])
    span = float(np.abs(changes).max()) * 1.25
    caption = (_("The step lowers the total RMSE by {drop:.3f}, yet {worse} of {n} examples get worse: {marked}, "
                 "whose gradient has a negative dot product with the total gradient (the first-order prediction). "
                 "For RMSE the total gradient weighs each example's gradient by |r_i|/(n·L), not 1/n: its cosine "
                 "with the plain mean of the per-example gradients is {cosine:.2f}, and the plain mean would "
                 "misjudge {wrong} example ({which}).") if len(wrong) == 1 else
               _("The step lowers the total RMSE by {drop:.3f}, yet {worse} of {n} examples get worse: {marked}, "
                 "whose gradient has a negative dot product with the total gradient (the first-order prediction). "
                 "For RMSE the total gradient weighs each example's gradient by |r_i|/(n·L), not 1/n: its cosine "
                 "with the plain mean of the per-example gradients is {cosine:.2f}, and the plain mean would "
                 "misjudge {wrong} examples ({which})."))
    fig = Figure("q07-fig", _("Change of each example's loss after one step"),
                 caption.format(drop=-e["total"], worse=worse, n=len(changes), marked=marked, cosine=e["cosine"],
                                wrong=len(wrong), which=", ".join(map(str, wrong))),
                 _("example"), _("change of |y − Y|"), (-0.7, len(changes) - 0.3), (-span, span))
    fig.x_ticks = [(k, str(k)) for k in range(0, len(changes), 3)]
    fig.line([-0.7, len(changes) - 0.3], [0, 0], INK, width=0.8)
    for k, c in enumerate(changes):
        fig.bar(k - 0.35, k + 0.35, 0.0, float(c), VERMILLION if c > 0 else BLUE)
        if k in predicted:
            fig.text(k, float(c) + 0.06 * span, "▲", anchor="middle", color=VERMILLION, size=8)
    fig.legend(_("loss rose"), VERMILLION, "box")
    fig.legend(_("loss fell"), BLUE, "box")
    return [fig]
