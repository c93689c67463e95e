"""Hidden properties of Q3: loss_change and linearized_loss_change."""

import itertools

import numpy as np

from gdgrade.pack.shared import (CONTINUOUS, Recorder, as_float, as_float_array, candidate, expect,
                                 expect_calls, expect_close, expect_raises, expect_scale_stats, expect_shape,
                                 expect_unchanged, perturbed, random_mlp, returned, scale_problem,
                                 unstable_index)
from gdgrade.gdkit.models import SCALE_EXAMPLES
from gdgrade.i18n import N_, msg
from gdgrade.reference import q03_loss_change as ref

loss_change = candidate("loss_change")
linearized_loss_change = candidate("linearized_loss_change")

# Q1's scale seed: the grading process builds the scale model once per seed.
SCALE_SEED = 30_000_000


def warm_up():
    """Build the 30M-weight model's memory file (0.04 s) while this question's first worker
    starts (gdgrade.runner); nothing of the candidate is involved."""
    scale_problem(SCALE_SEED).build()

PER_EXAMPLE = msg("the array of per-example changes")
TOTAL = msg("the total change")


# -- loss_change ----------------------------------------------------------------------------------

def _rmse_parts(y, Y):
    """(per-example RMSE, total RMSE) in float64."""
    r = np.asarray(y, dtype=np.float64) - np.asarray(Y, dtype=np.float64)
    sq = r.reshape(r.shape[0], -1) ** 2
    return np.sqrt(sq.mean(axis=1)), float(np.sqrt(sq.mean()))


def _unpack(value, n):
    """The (per-example array of shape (n,), total float) pair the contract asks for."""
    sized = type(value) in (tuple, list)
    said = (N_("{fn} returned a {type} of length {length}; expected a tuple (per-example changes, total change).")
            if sized else N_("{fn} returned a {type}; expected a tuple (per-example changes, total change)."))
    expect(type(value) is tuple and len(value) == 2,
           msg(said, fn="loss_change", type=getattr(value, 'type_name', None) or type(value).__name__,
               **({"length": len(value)} if sized else {})))
    per = as_float_array(value[0], PER_EXAMPLE)
    expect_shape(per, (n,), PER_EXAMPLE)
    return per, as_float(value[1], TOTAL)


def _calls_at(rec, w, i, eps):
    """(base call, moved call) among predict's calls: w itself and w with w[i] + eps (either
    correct rounding, from the original value). Fails if the calls are not exactly those."""
    options = list(perturbed(w, i, eps))
    used = [c[0] for c in rec.calls]

    def same(u, v):
        return isinstance(u, np.ndarray) and u.dtype == v.dtype and u.shape == v.shape \
            and u.tobytes() == v.tobytes()

    base = next((k for k, u in enumerate(used) if same(u, w)), None)
    moved = next((k for k, u in enumerate(used) if k != base and any(same(u, o) for o in options)),
                 None)
    expect(base is not None and moved is not None,
           msg("{fn} did not evaluate predict at w and at w with weight `index` moved by eps "
               "(computed from the original value, stored in w's dtype).", fn="loss_change"))
    return rec.calls[base], rec.calls[moved]


def _check_loss_change(loss_change, net, w, X, Y, index, eps, rtol, atol_scale):
    """Call loss_change; compare with the losses of the predictions it actually asked for."""
    rec = Recorder(net.predict)
    outcome = loss_change(rec, w, X, Y, index, eps)
    per, total = _unpack(returned(outcome, "loss_change"), X.shape[0])
    base, moved = _calls_at(rec, w, index % w.size, eps)
    per0, tot0 = _rmse_parts(net.predict(base[0], X), Y)
    per1, tot1 = _rmse_parts(net.predict(moved[0], X), Y)
    atol = atol_scale * max(1.0, float(np.max(per0)), tot0)
    expect_close(per, per1 - per0, PER_EXAMPLE, rtol=rtol, atol=atol)
    expect_close(total, tot1 - tot0, TOTAL, rtol=rtol, atol=atol)
    return per, total


def test_matches_measured_loss_change_on_random_mlps(loss_change, rng):
    """Per-example and total RMSE changes match the losses at w and w' for random MLPs (continuous activations, 1-D and 3-D outputs), also exactly 0 for a weight on an input feature that is 0."""
    cases = []
    for activation in CONTINUOUS:
        for outputs in (1, 3):
            net, w, X = random_mlp(rng, activation, outputs)
            cases.append((net, w, X, int(rng.integers(0, w.size))))
    # Weight i multiplies input feature f and X[:, f] == 0: no prediction and no loss moves.
    net, w, X = random_mlp(rng, "tanh", 3)
    f = int(rng.integers(0, X.shape[1]))
    X[:, f] = 0.0
    cases.append((net, w, X, net.weight_index(0, f, int(rng.integers(0, net.sizes[1])))))
    for net, w, X, i in cases:
        Y = rng.standard_normal(net.predict(w, X).shape)
        eps = float(rng.choice([1e-4, 1e-2, 0.5]))
        per, total = _check_loss_change(loss_change, net, w, X, Y, i, eps, 1e-7, 1e-12)
        want_per, want_total = ref.loss_change(net.predict, w.copy(), X, Y, i, eps)
        expect_close(per, want_per, PER_EXAMPLE, rtol=1e-7, atol=1e-12)
        expect_close(total, want_total, TOTAL, rtol=1e-7, atol=1e-12)


def test_exactly_fitted_example_and_total_not_a_mean(loss_change, rng):
    """An exactly fitted example's loss rises by |dy| (the kink), and the total change is the RMSE difference, not the mean of per-example changes."""
    # A linear model with small integer data and dyadic eps: predictions and losses are exact.
    n, d = 6, 3

    def predict(w_, X_):
        return X_ @ w_

    for _ in range(1000):
        X = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
        X[:, 0] = rng.choice([-2.0, -1.0, 1.0, 2.0], size=n)
        w = rng.integers(-2, 3, size=d).astype(np.float64)
        y = predict(w, X)
        Y = y + rng.choice([-3.0, -2.0, 2.0, 3.0], size=n)
        fitted = rng.choice(n, size=2, replace=False)
        Y[fitted] = y[fitted]           # these examples have loss exactly 0
        wants = []
        for eps in (0.25, -0.25):
            dy = eps * X[:, 0]
            want_per = np.abs(y + dy - Y) - np.abs(y - Y)
            want_total = float(np.sqrt(np.mean((y + dy - Y) ** 2)) - np.sqrt(np.mean((y - Y) ** 2)))
            wants.append((eps, dy, want_per, want_total))
        # Keep a case where the mean of the per-example changes is clearly not the answer.
        if all(abs(t - float(np.mean(p))) > 1e-3 for _, _, p, t in wants):
            break
    for eps, dy, want_per, want_total in wants:
        per, total = _unpack(returned(loss_change(predict, w, X, Y, 0, eps), "loss_change"), n)
        expect_close(per[fitted], np.abs(dy[fitted]), msg("the change of an exactly fitted example's loss"),
                     rtol=1e-12, atol=1e-15)
        expect_close(per, want_per, PER_EXAMPLE, rtol=1e-12, atol=1e-15)
        expect_close(total, want_total, msg("the total change (the RMSE over all examples is not the mean "
                                            "of the per-example RMSEs)"), rtol=1e-9, atol=1e-12)


def test_float32_weights_accept_either_rounding(loss_change, rng):
    """With float32 w, Y and X, either correct rounding of w[i] + eps gives the loss changes."""
    for activation, outputs in (("tanh", 1), ("relu", 2)):
        net, w, X = random_mlp(rng, activation, outputs, dtype=np.float32)
        Y = rng.standard_normal(net.predict(w, X).shape).astype(np.float32)
        i = int(rng.integers(0, w.size))
        # float32 losses carry about 1e-7 relative error; the changes (~1e-3) keep 1e-4 of it.
        _check_loss_change(loss_change, net, w, X, Y, i, 1e-2, 1e-4, 4e-6)


def test_calls_predict_exactly_twice(loss_change, rng):
    """Calls predict exactly twice."""
    net, w, X = random_mlp(rng, outputs=2)
    Y = rng.standard_normal(net.predict(w, X).shape)
    rec = Recorder(net.predict)
    returned(loss_change(rec, w, X, Y, 1, 1e-3), "loss_change")
    expect_calls(rec, 2, "loss_change")


def test_restores_weights_bitwise(loss_change, rng):
    """Leaves w bit for bit as it was, also for weights where (w + eps) - eps != w."""
    for dtype in (np.float64, np.float32):
        net, w, X = random_mlp(rng, dtype=dtype)
        Y = rng.standard_normal(X.shape[0]).astype(dtype)
        i = unstable_index(rng, w, 1e-4)
        outcome = loss_change(net.predict, w, X, Y, i, 1e-4)
        returned(outcome, "loss_change")
        expect_unchanged(w, outcome.after[1])


def test_restores_weights_when_predict_raises(loss_change, rng):
    """When predict raises (first or second call), the exception propagates and w is restored bit for bit."""
    for failing_call in (1, 2):
        net, w, X = random_mlp(rng)
        Y = rng.standard_normal(X.shape[0])
        i = unstable_index(rng, w, 1e-4)
        outcome = loss_change(Recorder(net.predict, fail_on_call=failing_call), w, X, Y, i, 1e-4)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("{fn} did not let predict's exception propagate.", fn="loss_change"))
        expect_unchanged(w, outcome.after[1])


def test_valid_indices_follow_numpy_rules(loss_change, rng):
    """Every valid index names the weight NumPy indexing names: -len(w) is weight 0, negatives count from the end, up to len(w) - 1; as int or numpy.int64."""
    net, w, X = random_mlp(rng, outputs=2)
    Y = rng.standard_normal(net.predict(w, X).shape)
    n = w.size
    k = int(rng.integers(1, n))
    j = int(rng.integers(0, n - 1))
    for index, i in [(-n, 0), (np.int64(-n), 0), (n - 1, n - 1), (np.int64(n - 1), n - 1),
                     (np.int64(-k), n - k), (j, j)]:
        rec = Recorder(net.predict)
        per, total = _unpack(returned(loss_change(rec, w, X, Y, index, 1e-2), "loss_change"), X.shape[0])
        base, moved = _calls_at(rec, w, i, 1e-2)
        per0, tot0 = _rmse_parts(net.predict(base[0], X), Y)
        per1, tot1 = _rmse_parts(net.predict(moved[0], X), Y)
        expect_close(per, per1 - per0, PER_EXAMPLE, rtol=1e-7, atol=1e-12)
        expect_close(total, tot1 - tot0, TOTAL, rtol=1e-7, atol=1e-12)


def test_out_of_range_index_raises_index_error(loss_change, rng):
    """An index past either end (len(w) or -len(w)-1, as int or numpy.int64) raises IndexError and leaves w unchanged."""
    net, w, X = random_mlp(rng, outputs=2)
    Y = rng.standard_normal(net.predict(w, X).shape)
    n = w.size
    for index, name in ((n, "len(w)"), (-n - 1, "-len(w)-1"),
                        (np.int64(n), msg("{index} as a numpy.int64", index="len(w)")),
                        (np.int64(-n - 1), msg("{index} as a numpy.int64", index="-len(w)-1"))):
        outcome = loss_change(net.predict, w, X, Y, index, 1e-4)
        expect_raises(outcome, IndexError, "loss_change", msg("for index {name}", name=name))
        expect_unchanged(w, outcome.after[1])


def test_no_copy_of_30m_weights(loss_change):
    """On a 30,000,000-weight float32 model: right changes, 2 calls, w unchanged, extra memory < 1% of w."""
    # Index -1 is the output bias: every prediction y_i moves by eps. The targets are far
    # from the predictions (|y_i| < 1 for this model; the bracket below allows |y_i| <= 5),
    # with known signs of y_i - Y_i, so every per-example change is exactly -eps or +eps
    # and the total change is known to within the bracket, without building the model here.
    eps = 0.1
    Y = np.array([50.0, 100.0, 150.0, -200.0], dtype=np.float32)
    outcome = loss_change.at_scale(scale_problem(SCALE_SEED), "predict", "w", "X", Y, -1, eps)
    per, total = _unpack(returned(outcome, "loss_change"), SCALE_EXAMPLES)
    expect_scale_stats(outcome.stats, "loss_change", calls=2)
    expect_close(per, -np.sign(Y) * eps, PER_EXAMPLE, rtol=1e-3, atol=0)
    Y64 = Y.astype(np.float64)
    totals = [float(np.sqrt(np.mean((np.array(y) - Y64 + eps) ** 2))
                    - np.sqrt(np.mean((np.array(y) - Y64) ** 2)))
              for y in itertools.product((-5.0, 0.0, 5.0), repeat=SCALE_EXAMPLES)]
    low, high = min(totals), max(totals)
    margin = 0.1 * (high - low) + 1e-4
    expect(np.isfinite(total) and low - margin <= total <= high + margin,
           msg("the total change differs from the change of the RMSE over all examples "
               "on the large model."))


# -- linearized_loss_change -----------------------------------------------------------------------

def _lin(linearized_loss_change, y_pred, y_true, dy):
    value = returned(linearized_loss_change(y_pred, y_true, dy), "linearized_loss_change")
    return as_float(value, msg("the result of {fn}", fn="linearized_loss_change"))


def _shape(rng):
    return [(int(rng.integers(1, 40)),), (int(rng.integers(1, 20)), int(rng.integers(1, 5)))]


def _formula(y_pred, y_true, dy):
    r = y_pred - y_true
    return float(np.mean(r * dy) / np.sqrt(np.mean(r * r)))


def test_matches_formula_on_random_data(linearized_loss_change, rng):
    """Returns mean((y_pred - y_true) * dy) / L for random 1-D and 2-D data of many scales, also 0 for dy == 0 and -c * L for dy = -c * (y_pred - y_true)."""
    cases = []
    for shape in _shape(rng) + _shape(rng):
        scale = 10.0 ** rng.uniform(-3, 3)
        y_true = rng.standard_normal(shape) * 3
        y_pred = y_true + rng.standard_normal(shape) * scale
        cases.append((y_pred, y_true, rng.standard_normal(shape) * 10.0 ** rng.uniform(-2, 2)))
    y_pred, y_true, _ = cases[0]
    cases.append((y_pred, y_true, np.zeros_like(y_pred)))                  # slope exactly 0
    y_pred, y_true, _ = cases[1]
    cases.append((y_pred, y_true, -2.5 * (y_pred - y_true)))               # slope -2.5 L
    for y_pred, y_true, dy in cases:
        value = _lin(linearized_loss_change, y_pred, y_true, dy)
        bound = float(np.sqrt(np.mean(dy ** 2)))    # |value| <= RMS(dy) (Cauchy-Schwarz)
        expect_close(value, _formula(y_pred, y_true, dy), rtol=1e-9, atol=1e-12 * bound)
        expect_close(value, ref.linearized_loss_change(y_pred, y_true, dy), rtol=1e-9, atol=1e-12 * bound)


def test_agrees_with_finite_difference_of_rmse(linearized_loss_change, rng):
    """Agrees with the central difference (L(y + t dy) - L(y - t dy)) / 2t of the total RMSE."""
    for shape in _shape(rng):
        y_true = rng.standard_normal(shape)
        y_pred = y_true + rng.standard_normal(shape)
        dy = rng.standard_normal(shape)

        def L(y):
            return float(np.sqrt(np.mean((y - y_true) ** 2)))

        t = 1e-5
        fd = (L(y_pred + t * dy) - L(y_pred - t * dy)) / (2 * t)
        value = _lin(linearized_loss_change, y_pred, y_true, dy)
        expect_close(value, fd, msg("the directional derivative"), rtol=1e-5, atol=1e-7)


def test_perfect_fit_gives_rms_of_dy(linearized_loss_change, rng):
    """At a perfect fit (L == 0) it returns sqrt(mean(dy^2)) whatever the sign of dy, and 0 for dy == 0."""
    for shape in _shape(rng):
        y = rng.standard_normal(shape)
        for dy in (rng.standard_normal(shape), -np.abs(rng.standard_normal(shape)) * 5):
            value = _lin(linearized_loss_change, y, y.copy(), dy)
            expect_close(value, float(np.sqrt(np.mean(dy ** 2))),
                         msg("the slope at a perfect fit"), rtol=1e-12, atol=0)
        value = _lin(linearized_loss_change, y, y.copy(), np.zeros(shape))
        expect_close(value, 0.0, msg("the slope at a perfect fit with dy = 0"), rtol=0, atol=0)


def test_tiny_misfit_still_uses_formula(linearized_loss_change, rng):
    """A tiny but nonzero misfit (residuals ~1e-9, or one nonzero residual) is not a perfect fit: the result is mean(r * dy) / L."""
    n = int(rng.integers(5, 30))
    y_true = rng.standard_normal(n)
    dy = rng.standard_normal(n)
    cases = [y_true + rng.standard_normal(n) * 1e-9]
    one = y_true.copy()
    k = int(rng.integers(0, n))
    one[k] += 1e-6 * (1.0 if dy[k] < 0 else -1.0)   # the slope is then negative
    cases.append(one)
    for y_pred in cases:
        value = _lin(linearized_loss_change, y_pred, y_true, dy)
        expect_close(value, _formula(y_pred, y_true, dy), msg("the slope near a perfect fit"),
                     rtol=1e-6, atol=0)


def test_residuals_whose_squares_underflow_or_overflow_still_use_formula(linearized_loss_change, rng):
    """Residuals so small (~1e-170) or so large (~1e160) that their squares underflow to 0 or overflow to inf in float64 still give mean((y_pred - y_true) * dy) / L, finite: L > 0 is no perfect fit."""
    for exponent in (-565, 532):             # 2**-565 ~ 1.7e-170, 2**532 ~ 1.4e160
        for shape in _shape(rng):
            y_true = np.ldexp(rng.standard_normal(shape), exponent)
            y_pred = y_true + np.ldexp(rng.standard_normal(shape), exponent)
            dy = rng.standard_normal(shape) * 10.0 ** rng.uniform(-2, 2)
            r = y_pred - y_true
            # The slope does not change when r is scaled; by a power of two the scaling is exact,
            # and it brings r**2 back into range.
            want = _formula(np.ldexp(r, -exponent), 0.0, dy)
            value = _lin(linearized_loss_change, y_pred, y_true, dy)
            bound = float(np.sqrt(np.mean(dy ** 2)))
            expect_close(value, want, msg("the slope for residuals whose squares under- or overflow"),
                         rtol=1e-9, atol=1e-12 * bound)


ODD_ONE = N_("for {odd} of shape {shape} with {both} and {other} of shape {shared}")


def test_rejects_shape_mismatch(linearized_loss_change, rng):
    """Any two of y_pred, y_true, dy with different shapes (even broadcastable ones) raise ValueError."""
    n = int(rng.integers(2, 9))
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    cases = [
        ((a, b[:, None], a), msg(ODD_ONE, odd="y_true", shape="(n, 1)", both="y_pred", other="dy",
                                 shared="(n,)")),
        ((a[:, None], b, a), msg(ODD_ONE, odd="y_pred", shape="(n, 1)", both="y_true", other="dy",
                                 shared="(n,)")),
        ((a, b, a[:1]), msg(ODD_ONE, odd="dy", shape="(1,)", both="y_pred", other="y_true", shared="(n,)")),
        ((a, b, np.resize(a, (3, n))), msg(ODD_ONE, odd="dy", shape="(3, n)", both="y_pred", other="y_true",
                                           shared="(n,)")),
        ((np.resize(a, (2, 3)), np.resize(b, (3, 2)), np.resize(a, (2, 3))),
         msg(ODD_ONE, odd="y_true", shape="(3, 2)", both="y_pred", other="dy", shared="(2, 3)")),
        ((a, b, np.append(a, 1.0)), msg("for {odd} one entry longer than {both} and {other}", odd="dy",
                                        both="y_pred", other="y_true")),
    ]
    for args, why in cases:
        expect_raises(linearized_loss_change(*args), ValueError, "linearized_loss_change", why)
