"""The experiment behind the report's pictures of Q3: figures() returns them (gdgrade.plot.Figure)."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.plot import BLUE, GREEN, GREY, INK, ORANGE, SKY, VERMILLION, Figure, fmt, padded
from gdgrade.reference import q01_perturb
from gdgrade.reference import q03_loss_change as reference

H = 1e-4   # the one-sided differences that measure a slope jump at a kink


def experiment(impl=reference):
    """Per-example and total RMSE changes along one output weight, and the facts the captions state.

    A kink shows as a jump between the one-sided slopes (L(e + H) − L(e)) / H and
    (L(e) − L(e − H)) / H at a kink e: it stays finite as H → 0 where the function is
    kinked and shrinks like H where it is smooth."""
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
    changes = [impl.loss_change(net.predict, w, X, Y, k, e) for e in eps]
    per = np.array([c[0] for c in changes])             # (len(eps), n)
    total = np.array([c[1] for c in changes])

    # The first picture draws three examples whose kink lies inside the sweep; the caption's
    # slope jumps are theirs.
    drawn = np.flatnonzero(np.abs(kinks) < 1.5)[:3]
    per_jump, total_jump = [], []
    for i in drawn:
        (pl, tl), (pc, tc), (pr, tr) = (impl.loss_change(net.predict, w, X, Y, k, kinks[i] + d)
                                        for d in (-H, 0.0, H))
        per_jump.append(abs((pr[i] - pc[i]) - (pc[i] - pl[i])) / H)
        total_jump.append(abs((tr - tc) - (tc - tl)) / H)

    slope = impl.linearized_loss_change(y0, Y, dydw)
    small = np.abs(eps) <= 0.5
    return {
        "k": k, "eps": eps, "per": per, "total": total, "drawn": drawn, "kinks": kinks[drawn],
        "base_per": np.abs(y0 - Y), "base_total": float(np.sqrt(np.mean((y0 - Y) ** 2))),
        "per_slope_jumps": np.array(per_jump), "total_slope_jumps": np.array(total_jump),
        "slope": slope, "small": small, "mean_per": per[small].mean(axis=1),
        "opposite": bool(np.sign(slope) != np.sign(np.mean(np.sign(y0 - Y) * dydw))),
    }


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the contract
    fixes the changes and the first-order slope up to rounding, so they are the reference's."""
    return (np.allclose(e["per"], reference["per"], rtol=1e-6, atol=1e-12)
            and np.allclose(e["total"], reference["total"], rtol=1e-6, atol=1e-12)
            and np.isclose(e["slope"], reference["slope"], rtol=1e-6, atol=1e-12))


def figures(_=str, e=None):
    """Per-example losses with their kinks, and total RMSE change against the mean of per-example changes."""
    e = experiment() if e is None else e
    k, eps, per, total, base_per, base_total = e["k"], e["eps"], e["per"], e["total"], e["base_per"], e["base_total"]
    n_kinks = len(e["kinks"])
    fig1 = Figure("q03-fig-a", _("Per-example loss and total RMSE as one weight moves"),
                  _("Each example's loss |y − Y| has a kink where its prediction becomes exact; the total RMSE, "
                    "the root of a mean of squares, has none: at the kinks of the {kinks} examples drawn the per-example "
                    "slope jumps by {low} to {high}, the total's by at most {total} (one-sided slopes over "
                    "{h}).").format(kinks=n_kinks, low=fmt(float(e['per_slope_jumps'].min())),
                                     high=fmt(float(e['per_slope_jumps'].max())),
                                     total=fmt(float(e['total_slope_jumps'].max()), 1), h=fmt(H, 1)),
                  _("eps added to w[{k}]").format(k=k), _("loss"), (-1.5, 1.5),
                  (0.0, float(max((base_per + per)[:, e["drawn"]].max(), (base_total + total).max())) * 1.1))
    for i, color in zip(e["drawn"], (BLUE, ORANGE, GREEN)):
        fig1.line(eps, base_per[i] + per[:, i], color, width=1.4, label=f"|y{i} − Y{i}|")
    fig1.line(eps, base_total + total, INK, width=2.6, label=_("total RMSE"))

    slope, small, mean_per = e["slope"], e["small"], e["mean_per"]
    caption = (_("The total RMSE changes by ≈ eps · ∂L/∂w (first order), which is not the mean of the "
                 "per-example changes (here not even its sign): RMSE weighs badly fitted examples more.")
               if e["opposite"] else
               _("The total RMSE changes by ≈ eps · ∂L/∂w (first order), which is not the mean of the "
                 "per-example changes: RMSE weighs badly fitted examples more."))
    fig2 = Figure("q03-fig-b", _("Change of the total RMSE versus the mean per-example change"), caption,
                  _("eps added to w[{k}]").format(k=k), _("loss change"), (-0.5, 0.5),
                  padded(total[small], mean_per, pad=0.1))
    fig2.line([-0.5, 0.5], [0, 0], GREY, width=0.8)
    fig2.line(eps[small], total[small], INK, width=2.6, label=_("ΔL total"))
    fig2.line(eps[small], eps[small] * slope, SKY, dash=True, width=1.6, label="eps · ∂L/∂w")
    fig2.line(eps[small], mean_per, VERMILLION, width=2.0, label=_("mean of ΔL_i"))
    return [fig1, fig2]
