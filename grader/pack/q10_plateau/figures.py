"""The experiment behind the report's pictures of Q10: figures() returns them (gdgrade.plot.Figure)."""

import math
from functools import lru_cache

import numpy as np

from gdgrade.plot import BLUE, GREEN, GREY, INK, VERMILLION, Figure, fmt
from gdgrade.reference import q10_plateau as reference

RATES = (0.8, 1.8, 2.0, 2.1)               # gradient descent's learning rates, in units of 1/λmax
STEPS = 20
SPAN = 2.2                                 # the first picture's y range is ±SPAN
SGD_RATES = np.array([0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 1.6, 1.8])   # on ½·λ·w² with λ = 1
CURVATURE, NOISE, CHAINS, BURN_IN, T = 1.0, 1.0, 400, 150, 450
LOWEST = float(SGD_RATES[0]) / 1.5        # the second picture's x axis starts here


def gradient_descent(impl=reference):
    """Full-batch gradient descent on mean((Xw − Y)²) from w = 0 at each rate of RATES.

    On a quadratic the error w − w* is multiplied by I − lr·H at every step, so its
    component c_t along the top eigenvector of H is multiplied by 1 − lr·λmax: it flips
    sign once lr > 1/λmax and grows once lr > 2/λmax."""
    rng = np.random.default_rng(10)
    n = 40
    base = rng.standard_normal((n, 2))
    X = base @ np.array([[1.0, 0.0], [0.9, 0.35]])      # correlated features: curvatures far apart
    Y = X @ np.array([1.0, -2.0]) + 0.5 * rng.standard_normal(n)
    H = 2.0 * X.T @ X / n                              # Hessian of mean((Xw - Y)^2)
    lam, vectors = np.linalg.eigh(H)
    lam_max, top = float(lam[-1]), vectors[:, -1]
    w_star = np.linalg.lstsq(X, Y, rcond=None)[0]
    # The rates in units of 1/λmax = max_stable_lr / 2, as the implementation drawn computes it.
    lrs = np.array(RATES) * (float(impl.max_stable_lr(H)) / 2.0)
    V = np.zeros((2, len(RATES)))                      # one column per learning rate
    losses, along = [], []
    for _ in range(STEPS + 1):
        R = X @ V - Y[:, None]
        losses.append(np.mean(R * R, axis=0))
        along.append(top @ (V - w_star[:, None]))
        V = V - lrs * (2.0 * X.T @ R / n)
    losses, along = np.array(losses), np.array(along)
    return {"lam_max": lam_max, "lrs": lrs, "losses": losses, "along": along,
            "floor": impl.best_achievable_mse(X, Y),
            "flips": np.sum(np.diff(np.sign(along), axis=0) != 0, axis=0),
            "falls": np.all(np.diff(losses, axis=0) < 0, axis=0),
            "rises": np.all(np.diff(losses, axis=0) > 0, axis=0),
            "shrink": np.abs(along[-1] / along[0])}


def sgd(impl=reference):
    """SGD with Gaussian gradient noise on ½·λ·w² at each rate of SGD_RATES, CHAINS runs from w = 2.

    The mean loss over the runs and the steps from BURN_IN on, against sgd_stationary_loss."""
    grid = np.logspace(math.log10(LOWEST), math.log10(0.99 * 2.0 / CURVATURE), 80)   # the formula's line
    simulated = _simulated().copy()
    formula = np.array([impl.sgd_stationary_loss(CURVATURE, lr, NOISE) for lr in SGD_RATES])
    return {"simulated": simulated, "formula": formula,
            "deviation": float(np.max(np.abs(simulated / formula - 1.0))),
            "at_limit": impl.sgd_stationary_loss(CURVATURE, 2.0 / CURVATURE, NOISE),
            "grid": grid, "curve": np.array([impl.sgd_stationary_loss(CURVATURE, lr, NOISE) for lr in grid])}


@lru_cache(maxsize=1)
def _simulated():
    """The simulation's mean losses, one per rate of SGD_RATES: they involve no function of the question,
    so the reference's experiment and a submission's share them (25 ms each)."""
    xi = np.random.default_rng(11).standard_normal((T, len(SGD_RATES), CHAINS)) * math.sqrt(NOISE)
    V = np.full((len(SGD_RATES), CHAINS), 2.0)
    total = np.zeros(len(SGD_RATES))
    for t in range(T):
        if t >= BURN_IN:
            total += np.mean(0.5 * CURVATURE * V * V, axis=1)
        V = V - SGD_RATES[:, None] * (CURVATURE * V + xi[t])
    return total / (T - BURN_IN)


def experiment(impl=reference):
    return {"gd": gradient_descent(impl), "sgd": sgd(impl)}


def _rate(f):
    return f"{f:g}/λmax"


def agrees(e, reference):
    """Whether the picture of `e` (the experiment with a submission's functions) is true: the contract
    fixes the stable rate, the floor and the stationary loss up to rounding, so they are the reference's."""
    gd, sgd, ref_gd, ref_sgd = e["gd"], e["sgd"], reference["gd"], reference["sgd"]
    return bool(np.allclose(gd["lrs"], ref_gd["lrs"], rtol=1e-9)
                and np.isclose(gd["floor"], ref_gd["floor"], rtol=1e-6)
                and all(np.allclose(sgd[k], ref_sgd[k], rtol=1e-6) for k in ("formula", "curve", "at_limit")))


def figures(_=str, e=None):
    """Gradient descent below 1/λmax, between 1/λmax and 2/λmax, at and above 2/λmax; SGD's stationary loss."""
    e = experiment() if e is None else e
    gd, s = e["gd"], e["sgd"]
    low, osc, edge, high = range(len(RATES))
    loss = gd["losses"]
    overshoots = (_("Above 1/λmax it overshoots: at {rate} it flips sign at each of the {steps} steps yet shrinks, "
                    "and the loss still falls at every step ({start} → {end}).") if gd["falls"][osc] else
                  _("Above 1/λmax it overshoots: at {rate} it flips sign at each of the {steps} steps yet shrinks, "
                    "and the loss does not fall at every step ({start} → {end})."))
    grows = (_("Above 2/λmax it grows and the loss rises at every step to {end}.") if gd["rises"][high] else
             _("Above 2/λmax it grows and the loss rises, not at every step, to {end}."))
    caption = " ".join([
        _("Each step multiplies the error along the top eigenvector of the Hessian by 1 − lr·λmax. At {rate} it "
          "shrinks without changing sign ({flips} sign flips).").format(rate=_rate(RATES[low]), flips=gd["flips"][low]),
        overshoots.format(rate=_rate(RATES[osc]), steps=STEPS, start=fmt(loss[0, osc], 2), end=fmt(loss[-1, osc], 2)),
        _("At 2/λmax itself it keeps flipping without shrinking (|c{steps}/c0| = {shrink:.3f}): no "
          "convergence.").format(steps=STEPS, shrink=gd["shrink"][edge]),
        grows.format(end=fmt(loss[-1, high], 3))])
    fig1 = Figure("q10-fig-a", _("Gradient descent on a linear model: the error along the sharpest direction"),
                  caption, _("step"), _("error along the top eigenvector, c_t / c_0"), (0, STEPS), (-SPAN, SPAN),
                  height=300)
    fig1.line([0, STEPS], [0, 0], INK, width=0.8)
    steps = np.arange(STEPS + 1)
    for k, color in zip(range(len(RATES)), (BLUE, GREEN, GREY, VERMILLION)):
        c = gd["along"][:, k] / gd["along"][0, k]
        out = np.flatnonzero(np.abs(c) > SPAN)
        upto = int(out[0]) + 1 if len(out) else len(c)    # a diverging run stops where it leaves the plot
        # In grey print the colours are close: the flat run is thin and the diverging one dashed.
        fig1.line(steps[:upto], c[:upto], color, width=1.0 if k == edge else 1.8, dash=k == high,
                  label=_("lr = {rate}: loss {start} → {end}").format(rate=_rate(RATES[k]), start=fmt(loss[0, k], 2),
                                                                      end=fmt(loss[-1, k], 3)))

    lo, hi = LOWEST, 2.0 / CURVATURE
    grid, curve = s["grid"], s["curve"]
    fig2 = Figure("q10-fig-b", _("SGD's stationary loss against the learning rate"),
                  _("Markers: the mean loss of {chains} SGD runs on ½·λ·w² (λ = {curvature:g}, gradient noise "
                    "σ² = {noise:g}) over steps {first}–{last}; line: lr·σ²/(2(2 − lr·λ)) (sgd_stationary_loss). "
                    "They differ by at most {deviation:.1%}. The level grows with the learning rate and is infinite "
                    "from lr = 2/λ on, which is why decaying the rate lowers it.").format(
                      chains=CHAINS, curvature=CURVATURE, noise=NOISE, first=BURN_IN, last=T - 1,
                      deviation=s["deviation"]),
                  _("learning rate"), _("mean loss"), (lo, 2.5), (0.005, 20.0), x_log=True, y_log=True)
    fig2.line(grid, curve, INK, width=1.6, label="lr·σ²/(2(2 − lr·λ))")
    fig2.line([hi, hi], [0.005, 20.0], GREY, dash=True, width=1.0)
    fig2.text(hi / 1.04, 0.01, "2/λ", color=GREY, size=10, anchor="end")   # left of its line, off the frame
    for lr, v in zip(SGD_RATES, s["simulated"]):
        fig2.dot(float(lr), float(v), VERMILLION, r=3.4)
    fig2.legend(_("simulated, {chains} runs").format(chains=CHAINS), VERMILLION, "dot")
    return [fig1, fig2]
