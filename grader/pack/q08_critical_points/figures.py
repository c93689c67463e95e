"""The experiment behind the report's pictures of Q8: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, GREY, INK, VERMILLION, Figure, fmt
from gdgrade.reference import q08_critical_points as reference


def _critical_point():
    """A tanh network at an all-zero start with the output bias at mean(Y): every gradient is 0."""
    net = MLP([2, 4, 1], "tanh")
    rng = np.random.default_rng(4)
    X = rng.standard_normal((20, 2))
    Y = np.tanh(X @ np.array([1.5, -1.0])) + 0.5
    w = np.zeros(net.n_params)
    w[net.bias_index(1, 0)] = float(np.mean(Y))
    return net, w, X, Y


GD_STEPS, GD_LR, NUDGE = 200, 0.5, 1e-3


def experiment(impl=reference):
    """The Hessian at the critical point, the loss along two eigenvectors, and gradient descent
    started exactly there and NUDGE along the escape direction."""
    net, w, X, Y = _critical_point()

    def grad(v):
        return net.loss_gradient(v, X, Y)

    h = 1e-5
    cols = []
    for k in range(net.n_params):
        e = np.zeros(net.n_params)
        e[k] = h
        cols.append((grad(w + e) - grad(w - e)) / (2 * h))
    H = np.array(cols)
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    tol = 1e-6
    down = impl.escape_direction(H, tol=tol)
    up = np.linalg.eigh(H)[1][:, -1]
    ts = np.linspace(-1.5, 1.5, 41)
    base = net.loss(w, X, Y)
    runs = {}
    for name, start in (("exact", w), ("nudged", w + NUDGE * down)):
        v = start.copy()
        for _ in range(GD_STEPS):
            v = v - GD_LR * grad(v)
        runs[name] = {"start": net.loss(start, X, Y), "end": net.loss(v, X, Y),
                      "moved": float(np.max(np.abs(v - start)))}
    return {"lam": lam, "tol": tol, "kind": impl.classify_critical_point(H, tol=tol),
            "grad_norm": float(np.linalg.norm(grad(w))), "ts": ts,
            "negative": int(np.sum(lam < -tol)), "positive": int(np.sum(lam > tol)),
            "along_down": np.array([net.loss(w + t * down, X, Y) for t in ts]) - base,
            "along_up": np.array([net.loss(w + t * up, X, Y) for t in ts]) - base, "runs": runs}


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: a saddle, as
    the reference says, and along the submission's escape direction (either sign of any direction of
    most negative curvature) the loss falls on both sides and the nudged descent escapes."""
    sides = np.delete(e["along_down"], len(e["ts"]) // 2)
    return bool(e["kind"] == reference["kind"] and np.all(sides < 0)
                and e["runs"]["nudged"]["end"] < e["runs"]["nudged"]["start"])


def figures(_=str, e=None):
    """Eigenvalues of the Hessian at a critical point, and the loss along the escape direction."""
    e = experiment() if e is None else e
    lam, kind, tol = e["lam"], e["kind"], e["tol"]
    span = float(np.abs(lam).max()) * 1.15
    title = {"saddle": _("Hessian eigenvalues where every gradient is 0: a saddle"),
             "minimum": _("Hessian eigenvalues where every gradient is 0: a minimum"),
             "maximum": _("Hessian eigenvalues where every gradient is 0: a maximum"),
             "degenerate": _("Hessian eigenvalues where every gradient is 0: a degenerate")}[kind]
    fig1 = Figure("q08-fig-a", title,
                  _("With every weight 0 and the output bias at the mean label, |∇L| = {norm} (0 up to rounding); "
                    "the curvature is negative in {negative} directions, positive in {positive} and 0 in the "
                    "rest.").format(norm=fmt(e["grad_norm"], 1), negative=e["negative"], positive=e["positive"]),
                  _("eigenvalue, sorted"), "λ", (0.3, len(lam) + 0.7), (-span, span))
    fig1.x_ticks = [(k, str(k)) for k in range(1, len(lam) + 1, 2)]
    fig1.line([0.3, len(lam) + 0.7], [0, 0], INK, width=0.8)
    for k, v in enumerate(lam, start=1):
        color = VERMILLION if v < -tol else BLUE if v > tol else GREY
        if color == GREY:   # a zero-height bar would not show
            fig1.dot(k, 0.0, GREY, r=2.6, stroke=GREY)
        else:
            fig1.bar(k - 0.35, k + 0.35, 0.0, float(v), color)
    fig1.legend("λ < 0", VERMILLION, "box")
    fig1.legend("λ > 0", BLUE, "box")
    fig1.legend("λ = 0", GREY, "box")

    ts, along_down, along_up = e["ts"], e["along_down"], e["along_up"]
    exact, nudged = e["runs"]["exact"], e["runs"]["nudged"]
    lo, hi = float(min(along_down.min(), along_up.min())), float(max(along_down.max(), along_up.max()))
    fig2 = Figure("q08-fig-b", _("The loss along two eigenvectors through the same point"),
                  _("Along the eigenvector of the most negative eigenvalue the loss falls on both sides, yet "
                    "gradient descent ({steps} steps, lr {lr:g}) started exactly here moves the weights by only "
                    "{moved}; started {nudge:g} along that eigenvector it escapes, and the loss falls from "
                    "{start:.2f} to {end:.2f}.").format(steps=GD_STEPS, lr=GD_LR, moved=fmt(exact["moved"], 1),
                                                         nudge=NUDGE, start=exact["start"], end=nudged["end"]),
                  _("t (distance along the eigenvector)"), "L(w + t·v) − L(w)", (-1.5, 1.5),
                  (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)))
    fig2.line(ts, along_up, BLUE, label=_("v for the largest λ"))
    fig2.line(ts, along_down, VERMILLION, label=_("escape direction (smallest λ)"))
    fig2.dot(0.0, 0.0, INK, r=3.0)
    return [fig1, fig2]
