"""Figure data for the report: one small seeded experiment per question, as plain dicts.

Each question's function runs the reference implementations on gdkit models with
fixed seeds (never a submission's code or results) and returns figures whose
coordinates are already mapped to an SVG viewBox by gdgrade.plot. All ten together take about 25 ms: grids stay small, and the two
sweeps that would cost thousands of model calls (Q2, Q4/Q5) use one batched pass
that the tests check against the model and the reference.
"""

import math

import numpy as np

from gdgrade.gdkit.models import MLP, activate
from gdgrade.plot import (BLUE, GREEN, GREY, INK, ORANGE, PURPLE, SKY, SQUARE, VERMILLION, Figure, colour_scale, fmt,
                          padded)
from gdgrade.reference import (q01_perturb, q03_loss_change, q04_surface, q05_other_losses, q06_joint_step,
                               q07_per_example, q08_critical_points, q09_zero_gradients, q10_plateau)


# -- Q1 ------------------------------------------------------------------------------------


def q01():
    """|ΔY| against eps on log-log axes for three weights of a tanh MLP, and a dead ReLU weight."""
    net = MLP([4, 12, 12, 1], "tanh")
    w = net.init(np.random.default_rng(1))
    x = np.random.default_rng(2).standard_normal((1, 4))
    grad = net.output_gradient(w, x, 0)
    order = np.argsort(-np.abs(grad))
    picks = [int(order[0]), int(order[len(order) // 3]), int(order[(9 * len(order)) // 10])]
    eps = np.logspace(-7, 0, 15)
    fig = Figure("q01-fig", "How far Y_pred moves when one weight moves by eps",
                 "Each line is one weight of a tanh network: |ΔY| grows in proportion to eps "
                 "(slope 1 on log-log axes), at a height set by that weight's derivative ∂Y/∂w.",
                 "eps (step of one weight)", "|ΔY|", (1e-7, 1.0), (1e-11, 1.0), x_log=True, y_log=True)
    for k, color in zip(picks, (BLUE, ORANGE, GREEN)):
        dy = np.array([abs(float(q01_perturb.perturb_and_measure(net.predict, w, x, k, e)[0])) for e in eps])
        fig.line(eps, dy, color, label=f"w[{k}]: ∂Y/∂w = {fmt(float(grad[k]))}")
    fig.line([1e-4, 1e-4], [1e-11, 1.0], GREY, dash=True, width=1.0)
    fig.text(1.4e-4, 0.15, "eps = 0.0001", color=GREY, size=10)

    # The same weights in a ReLU network: a unit that is off for this input passes nothing on.
    relu = MLP([4, 12, 12, 1], "relu")
    z1 = x @ relu.layers(w)[0][0] + relu.layers(w)[0][1]
    unit = int(np.argmin(z1[0]))
    row = int(np.argmax(np.abs(x[0])))
    k = relu.weight_index(0, row, unit)
    zero = [e for e in eps if float(q01_perturb.perturb_and_measure(relu.predict, w, x, k, e)[0]) == 0.0]
    upto = max(zero) if zero else 0.0
    fig.text(0.98, 0.82, f"ReLU network, w[{k}] into a unit that is off:", anchor="end", frame="plot",
             size=10)
    fig.text(0.98, 0.91, f"ΔY = 0 exactly for every eps ≤ {upto:.2g} (off the log axes)",
             anchor="end", frame="plot", size=10, color=VERMILLION)
    return [fig]


# -- Q2 ------------------------------------------------------------------------------------


def sweep_first_layer(net, w, x, row, unit, ts):
    """predict(w with W1[row, unit] = t, x) for every t in ts at once: shape (len(ts),).

    Only the first-layer pre-activation of `unit` depends on t, so the sweep is one
    batched forward pass from there (the tests check it against net.predict)."""
    params = net.layers(w)
    W1, b1 = params[0]
    z = np.array(x @ W1 + b1, dtype=np.float64)
    Z = np.repeat(z[None, :], len(ts), axis=0)
    Z[:, unit] += (np.asarray(ts) - W1[row, unit]) * x[row]
    H = activate(net.activation, Z)
    for l, (W, b) in enumerate(params[1:], start=1):
        H = H @ W + b
        if l < len(params) - 1:
            H = activate(net.activation, H)
    return H[:, 0]


def _piecewise_constant(fig, ts, ys, color, label):
    """Draw a sampled piecewise-constant function: flat pieces, dashed risers at the jumps.

    A jump lies between two samples that differ; drawing it at their midpoint is
    within half a sample spacing, under one pixel at the sampling used here."""
    breaks = np.flatnonzero(np.diff(ys) != 0)
    edges = [ts[0]] + [(ts[b] + ts[b + 1]) / 2 for b in breaks] + [ts[-1]]
    starts = [0] + [b + 1 for b in breaks]
    for lo, hi, s in zip(edges[:-1], edges[1:], starts):
        fig.line([lo, hi], [ys[s], ys[s]], color, width=2.4)
    for b, edge in zip(breaks, edges[1:-1]):
        fig.line([edge, edge], [ys[b], ys[b + 1]], color, dash=True, width=1.0)
        fig.dot(edge, ys[b + 1], color, r=2.4)
    fig.legend(label.format(jumps=len(breaks), s="" if len(breaks) == 1 else "s"), color)


def q02():
    """y(t) as one first-layer weight sweeps an interval: tanh (smooth) against step and floor (jumps)."""
    sizes = [3, 6, 6, 1]
    w = MLP(sizes).init(np.random.default_rng(7))
    x = np.random.default_rng(8).standard_normal(3)
    k = MLP(sizes).weight_index(0, 0, 0)
    ts = np.linspace(-4.0, 4.0, 321)
    smooth, step, floor = (sweep_first_layer(MLP(sizes, act), w, x, 0, 0, ts)
                           for act in ("tanh", "step", "floor"))

    fig1 = Figure("q02-fig-a", "Y_pred as one weight sweeps from −4 to 4",
                  "With tanh the prediction changes smoothly; with a step activation it stays exactly "
                  "constant and then jumps where the unit's pre-activation crosses 0.",
                  f"value of w[{k}]", "Y_pred", (-4.0, 4.0), padded(smooth, step))
    fig1.line(ts, smooth, BLUE, label="tanh: continuous")
    _piecewise_constant(fig1, ts, step, VERMILLION, "step: {jumps} jump{s}, flat in between")
    fig2 = Figure("q02-fig-b", "The same weights with a floor (quantising) activation",
                  "Every time a pre-activation crosses an integer the prediction jumps; in between its "
                  "derivative is exactly 0, so gradient descent gets no signal.",
                  f"value of w[{k}]", "Y_pred", (-4.0, 4.0), padded(floor))
    _piecewise_constant(fig2, ts, floor, PURPLE, "floor: {jumps} jump{s}")
    return [fig1, fig2]


# -- Q3 ------------------------------------------------------------------------------------


def q03():
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


# -- Q4 and Q5 share one model and one slice -----------------------------------------------


_OFFSETS = np.linspace(-3.0, 3.0, 31)


def slice_model():
    """A small tanh network with data, and the two weights of the slice: a first-layer
    weight W1[0, 0] and the output weight W2[0, 0] of the same hidden unit."""
    net = MLP([2, 3, 1], "tanh")
    rng = np.random.default_rng(11)
    X = rng.standard_normal((12, 2))
    teacher = MLP([2, 3, 1], "tanh").init(np.random.default_rng(12), scale=4.0)
    Y = net.predict(teacher, X)
    w = net.init(rng)
    return net, w, X, Y, net.weight_index(0, 0, 0), net.weight_index(1, 0, 0)


def slice_predictions(net, w, X, offsets):
    """predict(w with W1[0,0] += offsets[a] and W2[0,0] += offsets[b], X) for every (a, b) at once.

    Same values as calling net.predict per grid point (the tests check it against
    reference loss_surface), in one broadcast instead of R*R calls: only unit 0's
    pre-activation and its output weight change."""
    (W1, b1), (W2, b2) = net.layers(w)
    Z1 = X @ W1 + b1
    H1 = activate(net.activation, Z1)
    rest = H1[:, 1:] @ W2[1:, 0] + b2[0]                          # (n,) the other units
    h_u = activate(net.activation, Z1[None, :, 0] + offsets[:, None] * X[None, :, 0])   # (R, n)
    return rest + (W2[0, 0] + offsets)[None, :, None] * h_u[:, None, :]              # (R, R, n)


def _heatmap(fid, title, caption, Z, i, j, bar_label, rank=True):
    colors, colorbar = colour_scale(Z, bar_label, rank)
    fig = Figure(fid, title, caption, f"offset of w[{i}]", f"offset of w[{j}]",
                 (_OFFSETS[0] - 0.1, _OFFSETS[-1] + 0.1), (_OFFSETS[0] - 0.1, _OFFSETS[-1] + 0.1),
                 **SQUARE, colorbar=colorbar)
    fig.grid_cells(_OFFSETS, _OFFSETS, colors)
    fig.dot(0.0, 0.0, "#ffffff", r=3.2, stroke=INK)
    return fig


def q04():
    """The total RMSE over two weights as a heatmap, and the map of where it is convex."""
    net, w, X, Y, i, j = slice_model()
    Z = np.sqrt(np.mean((slice_predictions(net, w, X, _OFFSETS) - Y) ** 2, axis=-1))
    h = float(_OFFSETS[1] - _OFFSETS[0])
    convex = q04_surface.convexity_map(Z, h, tol=1e-9)
    levels = np.linspace(Z.min(), Z.max(), 10)[1:-1]
    fig1 = _heatmap("q04-fig-a", "Total RMSE over two weights, all others fixed",
                    "The slice is continuous and smooth (tanh activations), but it is not a bowl: "
                    "its contour lines bend both ways.", Z, i, j, "RMSE")
    fig1.contours(Z, _OFFSETS, _OFFSETS, levels)
    fig1.legend("current w", "#ffffff", "dot")

    inner = _OFFSETS[1:-1]
    fig2 = Figure("q04-fig-b", "Where the slice is convex (convexity_map)",
                  f"The surface curves upwards in every direction on only {convex.mean():.0%} of the grid "
                  "points; everywhere else some direction curves down.",
                  f"offset of w[{i}]", f"offset of w[{j}]", (_OFFSETS[0] - 0.1, _OFFSETS[-1] + 0.1),
                  (_OFFSETS[0] - 0.1, _OFFSETS[-1] + 0.1), **SQUARE)
    fig2.grid_cells(inner, inner, np.where(convex, "#7fcdb0", "#ececf0").tolist())
    fig2.contours(Z, _OFFSETS, _OFFSETS, levels, color="#6e6e73", opacity=0.8)
    fig2.dot(0.0, 0.0, "#ffffff", r=3.2, stroke=INK)
    fig2.legend("convex: Hessian λmin ≥ 0", "#7fcdb0", "box")
    fig2.legend("not convex", "#ececf0", "box")
    return [fig1, fig2]


def q05():
    """The same slice under MSE (smooth) and under 0-1 loss (terraces)."""
    net, w, X, Y, i, j = slice_model()
    labels = (Y > np.median(Y)).astype(np.float64)
    P = slice_predictions(net, w, X, _OFFSETS)
    mse = np.mean((P - labels) ** 2, axis=-1)
    zero_one = np.mean((P > 0.5) != (labels > 0.5), axis=-1)
    monotone = q05_other_losses.is_monotone_transform(np.sqrt(mse), mse)
    flat = q05_other_losses.flat_fraction(zero_one)
    fig1 = _heatmap("q05-fig-a", "MSE on the slice (labels 0 or 1)",
                    "A smooth surface: every direction shows how to improve"
                    + (", and its minimisers and level sets are those of RMSE." if monotone else "."),
                    mse, i, j, "MSE")
    fig1.contours(mse, _OFFSETS, _OFFSETS, np.linspace(mse.min(), mse.max(), 10)[1:-1])
    fig2 = _heatmap("q05-fig-b", "0-1 loss (error rate) on the same slice",
                    f"Terraces: {flat:.0%} of the points have all four neighbours at exactly the same value, "
                    "so the gradient is 0 there and gradient descent gets no signal.",
                    zero_one, i, j, "error rate", rank=False)
    return [fig1, fig2]


# -- Q6 ------------------------------------------------------------------------------------


def q06():
    """Contours of the reference counterexample with the two single steps and the joint step."""
    f, w0 = q06_joint_step.joint_step_counterexample()
    di, dj = -0.1, 0.3
    xs = np.linspace(-0.2, 0.1, 25) + w0[0]
    ys = np.linspace(-0.15, 0.45, 25) + w0[1]
    Z = np.array([[f(np.array([a, b])) for b in ys] for a in xs])
    colors, colorbar = colour_scale(Z, "loss f", rank=True)
    hx, hy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    fig = Figure("q06-fig", "Two steps that each help, and both together",
                 "w1 − 0.1 alone and w2 + 0.3 alone each lower the loss, but together they overshoot the "
                 "valley floor and the loss rises.",
                 "w1", "w2", (xs[0] - hx, xs[-1] + hx), (ys[0] - hy, ys[-1] + hy),
                 **SQUARE, colorbar=colorbar)
    fig.grid_cells(xs, ys, colors)
    fig.contours(Z, xs, ys, np.quantile(Z, [0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9]))
    base = f(w0)
    targets = [((di, 0.0), "#ffffff"), ((0.0, dj), "#ffffff"), ((di, dj), VERMILLION)]
    for (a, b), color in targets:
        fig.arrow(w0[0], w0[1], w0[0] + a, w0[1] + b, color)
    fig.dot(w0[0], w0[1], "#ffffff", r=3.2, stroke=INK)
    fig.text(w0[0] + 0.012, w0[1] - 0.03, f"{base:.2f}", color="#ffffff", weight="bold")
    fig.text(w0[0] + di, w0[1] - 0.045, f"{f(w0 + [di, 0.0]):.2f}", anchor="middle", color="#ffffff",
             weight="bold")
    fig.text(w0[0] + 0.012, w0[1] + dj - 0.01, f"{f(w0 + [0.0, dj]):.2f}", color="#ffffff", weight="bold")
    fig.text(w0[0] + di - 0.01, w0[1] + dj + 0.035, f"both: {f(w0 + [di, dj]):.2f}", anchor="middle",
             color="#ffffff", weight="bold")
    fig.legend("single steps", "#ffffff", "arrow")
    fig.legend("joint step", VERMILLION, "arrow")
    return [fig]


# -- Q7 ------------------------------------------------------------------------------------


def q07():
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


# -- Q8 ------------------------------------------------------------------------------------


def _critical_point():
    """A tanh network at an all-zero start with the output bias at mean(Y): every gradient is 0."""
    net = MLP([2, 4, 1], "tanh")
    rng = np.random.default_rng(4)
    X = rng.standard_normal((20, 2))
    Y = np.tanh(X @ np.array([1.5, -1.0])) + 0.5
    w = np.zeros(net.n_params)
    w[net.bias_index(1, 0)] = float(np.mean(Y))
    return net, w, X, Y


def q08():
    """Eigenvalues of the Hessian at a critical point, and the loss along the escape direction."""
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
    kind = q08_critical_points.classify_critical_point(H, tol=1e-6)
    tol = 1e-6
    span = float(np.abs(lam).max()) * 1.15
    fig1 = Figure("q08-fig-a", f"Hessian eigenvalues where every gradient is 0: a {kind}",
                  f"With every weight 0 and the output bias at the mean label, |∇L| = "
                  f"{fmt(float(np.linalg.norm(grad(w))), 1)}; the curvature is negative in "
                  f"{int(np.sum(lam < -tol))} directions, positive in {int(np.sum(lam > tol))} and 0 in the rest.",
                  "eigenvalue, sorted", "λ", (0.3, len(lam) + 0.7), (-span, span))
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

    down = q08_critical_points.escape_direction(H, tol=tol)
    up = np.linalg.eigh(H)[1][:, -1]
    ts = np.linspace(-1.5, 1.5, 41)
    base = net.loss(w, X, Y)
    along_down = np.array([net.loss(w + t * down, X, Y) for t in ts]) - base
    along_up = np.array([net.loss(w + t * up, X, Y) for t in ts]) - base
    lo, hi = float(min(along_down.min(), along_up.min())), float(max(along_down.max(), along_up.max()))
    fig2 = Figure("q08-fig-b", "The loss along two eigenvectors through the same point",
                  "Along the eigenvector of the most negative eigenvalue the loss falls on both sides: "
                  "gradient descent can leave this saddle, but only once something breaks the symmetry.",
                  "t (distance along the eigenvector)", "L(w + t·v) − L(w)", (-1.5, 1.5),
                  (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)))
    fig2.line(ts, along_up, BLUE, label="v for the largest λ")
    fig2.line(ts, along_down, VERMILLION, label="escape direction (smallest λ)")
    fig2.dot(0.0, 0.0, INK, r=3.0)
    return [fig1, fig2]


# -- Q9 ------------------------------------------------------------------------------------


def q09():
    """Which zero gradient coordinates of a ReLU network stay zero after one step, and which wake up."""
    sizes = [2, 4, 4, 1]
    net = MLP(sizes, "relu")
    rng = np.random.default_rng(9)
    w = net.init(rng)
    X = rng.standard_normal((12, 2))
    Y = rng.standard_normal(12)
    (W1, b1), (W2, b2), _ = net.layers(w)
    b1[0] = -8.0                       # first-layer unit 0: off on every example, for good

    def grad(v):
        return net.loss_gradient(v, X, Y)

    # A second-layer unit switched off on every example, just barely: while it is off
    # the gradient does not depend on its bias, so take the step first, then put the
    # bias between its largest pre-activation before the step and the largest after.
    lr = 0.5
    best = None
    for v in range(sizes[2]):
        trial = w.copy()
        trial[net.bias_index(1, v)] = -1e3
        (V1, c1), (V2, _), _ = net.layers(trial - lr * grad(trial))
        pre = np.max(np.maximum(X @ W1 + b1, 0) @ W2[:, v])
        post = np.max(np.maximum(X @ V1 + c1, 0) @ V2[:, v])
        if best is None or post - pre > best[0]:
            best = (post - pre, v, pre)
    gain, unit, pre = best
    b2[unit] = -(pre + max(gain, 0.0) / 2)

    g, g_new = grad(w), grad(w - lr * grad(w))
    revived = q09_zero_gradients.revived_coordinates(grad, w, lr).tolist()
    dead = q09_zero_gradients.dead_relu_units(W1, b1, X).tolist()
    stays = np.flatnonzero((g == 0) & (g_new == 0)).tolist()
    touching = sorted({net.weight_index(0, r, u) for r in range(sizes[0]) for u in dead}
                      | {net.bias_index(0, u) for u in dead}
                      | {net.weight_index(1, u, v) for u in dead for v in range(sizes[2])})

    p = net.n_params
    colors = {"nonzero": "#b9d7ea", "dead": INK, "zero": GREY, "revived": ORANGE}

    def color(k, grad_k, was_zero):
        if grad_k != 0:
            return colors["revived"] if was_zero else colors["nonzero"]
        return colors["dead"] if k in touching else colors["zero"]

    before = [color(k, g[k], False) for k in range(p)]
    after = [color(k, g_new[k], g[k] == 0) for k in range(p)]
    units = ", ".join(map(str, dead))
    why = (f"; all {len(touching)} parameters into and out of first-layer unit {units}, which is off on every "
           "input, stay 0" if set(touching) <= set(stays) else "")
    fig = Figure("q09-fig", "Gradient coordinates of a small ReLU network before and after one step",
                 f"{int(np.sum(g == 0))} coordinates start at exactly 0. After the step {len(revived)} of them "
                 f"come back (second-layer unit {unit} turns on){why}.",
                 "", "", (-0.5, p - 0.5), (-0.5, 1.5), width=440, height=175)
    fig.x_ticks, fig.y_ticks = [], []
    fig.grid_cells(np.arange(p, dtype=float), np.array([0.0, 1.0]), [[a, b] for b, a in zip(before, after)])
    fig.text(-0.01, 0.28, "before", anchor="end", frame="plot")
    fig.text(-0.01, 0.78, "after", anchor="end", frame="plot")
    # Group labels and separators under the strip, one per layer's weights and biases.
    start = 0
    for l, (fi, fo) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        for name, n in ((f"W{l}", fi * fo), (f"b{l}", fo)):
            if start:
                fig.line([start - 0.5, start - 0.5], [-0.5, 1.5], "#ffffff", width=3.0)
            fig.text(start + (n - 1) / 2, -0.9, name, anchor="middle")
            start += n
    fig.legend("g ≠ 0", colors["nonzero"], "box")
    fig.legend(f"g = 0: dead unit {units}", colors["dead"], "box")
    fig.legend("g = 0: other", colors["zero"], "box")
    fig.legend("was 0, now ≠ 0", colors["revived"], "box")
    return [fig]


# -- Q10 -----------------------------------------------------------------------------------


def q10():
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


FIGURES = {"q01": q01, "q02": q02, "q03": q03, "q04": q04, "q05": q05,
           "q06": q06, "q07": q07, "q08": q08, "q09": q09, "q10": q10}


def figures_for(qid):
    """The figures of question `qid` as plain data (an empty list for an unknown id)."""
    build = FIGURES.get(qid)
    return [fig.data() for fig in build()] if build else []
