"""The experiment behind the report's pictures of Q2: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP, activate
from gdgrade.plot import BLUE, INK, PURPLE, VERMILLION, Figure, padded
from gdgrade.reference import q02_continuity as reference


def sweep_first_layer(net, w, x, row, unit, ts):
    """predict(w with W1[row, unit] = t, x) for every t in ts at once: shape (len(ts),).

    Only the first-layer pre-activation of `unit` depends on t, so the sweep is one
    batched forward pass from there (the tests check it against net.predict)."""
    return _sweep(net, w, x, row, unit, ts)[0]


def _sweep(net, w, x, row, unit, ts):
    """(predictions, every hidden layer's pre-activations, each (len(ts), width)) along the sweep."""
    params = net.layers(w)
    W1, b1 = params[0]
    z = np.array(x @ W1 + b1, dtype=np.float64)
    Z = np.repeat(z[None, :], len(ts), axis=0)
    Z[:, unit] += (np.asarray(ts) - W1[row, unit]) * x[row]
    pre = [Z]
    H = activate(net.activation, Z)
    for l, (W, b) in enumerate(params[1:], start=1):
        H = H @ W + b
        if l < len(params) - 1:
            pre.append(H)
            H = activate(net.activation, H)
    return H[:, 0], pre


def _piecewise_constant(fig, ts, ys, color, labels):
    """Draw a sampled piecewise-constant function: flat pieces, dashed risers at the jumps;
    `labels`: the legend for one jump and for any other number, with a {jumps} field.

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
    fig.legend(labels[0 if len(breaks) == 1 else 1].format(jumps=len(breaks)), color)


def experiment(impl=reference):
    """The sweeps of both pictures, the jumps find_jumps finds on the step sweep, and the facts
    the captions state.

    A threshold crossing of a sweep interval: some pre-activation changes sign (step) or
    integer part (floor) between its two samples; a jump: the prediction changes."""
    sizes = [3, 6, 6, 1]
    w = MLP(sizes).init(np.random.default_rng(7))
    x = np.random.default_rng(8).standard_normal(3)
    k = MLP(sizes).weight_index(0, 0, 0)
    ts = np.linspace(-4.0, 4.0, 321)
    out = {"ts": ts, "k": k, "sizes": sizes, "w": w, "x": x}
    for act, threshold in (("tanh", None), ("step", lambda z: z > 0), ("floor", np.floor)):
        y, pre = _sweep(MLP(sizes, act), w, x, 0, 0, ts)
        out[act] = y
        out[act + "_jumps"] = np.diff(y) != 0
        if threshold is not None:
            out[act + "_crossings"] = np.any(np.diff(threshold(np.hstack(pre)), axis=0) != 0, axis=1)
            out[act + "_unit_crossings"] = np.diff(threshold(pre[0][:, 0])) != 0
    # tanh: the largest change between neighbouring samples (spacing 0.025), against the step's jump.
    out["tanh_max_change"] = float(np.max(np.abs(np.diff(out["tanh"]))))
    out["step_jump"] = float(np.max(np.abs(np.diff(out["step"]))))
    out["found"] = np.asarray(impl.find_jumps(MLP(sizes, "step").predict, w, x, k, -4.0, 4.0), dtype=np.float64)
    # Where the sweep changes between two neighbouring samples: a true jump lies there.
    changes = np.flatnonzero(out["step_jumps"])
    out["found_in_sampled_jump"] = bool(len(out["found"]) == len(changes) and all(
        ts[c] <= t <= ts[c + 1] for c, t in zip(changes, np.sort(out["found"]))))
    return out


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: find_jumps
    found the step sweep's one jump, between the two samples where the sweep changes."""
    return e["found_in_sampled_jump"]


def figures(_=str, e=None):
    """y(t) as one first-layer weight sweeps an interval: tanh (continuous) against step and floor (jumps)."""
    e = experiment() if e is None else e
    ts, smooth, step, floor, k = e["ts"], e["tanh"], e["step"], e["floor"], e["k"]
    fig1 = Figure("q02-fig-a", _("Y_pred as one weight sweeps from −4 to 4"),
                  _("With tanh the prediction changes continuously (samples {spacing:g} apart differ by at most "
                    "{change:.3f}); with a step activation it stays exactly constant and then "
                    "jumps by {jump:.2f} where the unit's pre-activation crosses 0.").format(
                      spacing=ts[1] - ts[0], change=e['tanh_max_change'], jump=e['step_jump']),
                  _("value of w[{k}]").format(k=k), "Y_pred", (-4.0, 4.0), padded(smooth, step))
    fig1.line(ts, smooth, BLUE, label=_("tanh: continuous"))
    _piecewise_constant(fig1, ts, step, VERMILLION,
                        (_("step: {jumps} jump, flat in between"), _("step: {jumps} jumps, flat in between")))
    for t in e["found"]:
        fig1.dot(float(t), float(np.interp(t, ts, step)), INK, r=3.6)   # on the riser of its jump
    fig1.legend(_("jump found by find_jumps: t = {found}").format(
        found=", ".join(f"{t:.4f}".replace("-", "−") for t in e["found"])), INK, "dot")
    fig2 = Figure("q02-fig-b", _("The same weights with a floor (quantising) activation"),
                  _("The prediction jumps {jumps} times, each time a pre-activation "
                    "crosses an integer; in between it is exactly constant, so its derivative is 0 and "
                    "gradient descent gets no signal.").format(jumps=int(e['floor_jumps'].sum())),
                  _("value of w[{k}]").format(k=k), "Y_pred", (-4.0, 4.0), padded(floor))
    _piecewise_constant(fig2, ts, floor, PURPLE, (_("floor: {jumps} jump"), _("floor: {jumps} jumps")))
    return [fig1, fig2]
