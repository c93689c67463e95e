"""Hidden properties of Q9: dead_relu_units and revived_coordinates."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (PropertyFailed, Recorder, as_index_array, candidate, expect, expect_calls,
                                 expect_raises, expect_unchanged, returned)

dead_relu_units = candidate("dead_relu_units")
revived_coordinates = candidate("revived_coordinates")


def _expect_indices(value, expected, fn_name, case):
    """An ascending 1-D integer array holding exactly the indices in `expected`."""
    out = as_index_array(value, msg("the result of {fn}", fn=fn_name))
    expect(out.ndim == 1, msg("the result of {fn} has shape {shape}; expected a 1-D array.", fn=fn_name,
                              shape=str(out.shape)))
    expect(bool(np.all(np.diff(out.astype(np.int64)) > 0)),
           msg("the indices {fn} returned for {case} are not in strictly ascending order.", fn=fn_name, case=case))
    got, want = set(out.tolist()), set(int(k) for k in expected)
    missing, extra = want - got, got - want
    if missing or extra:
        parts = []
        if missing:
            said = (N_("{n} required index is missing") if len(missing) == 1
                    else N_("{n} required indices are missing"))
            parts.append(msg(said, n=len(missing)))
        if extra:
            said = (N_("{n} returned index does not meet the condition") if len(extra) == 1
                    else N_("{n} returned indices do not meet the condition"))
            parts.append(msg(said, n=len(extra)))
        both = msg("{a} and {b}", a=parts[0], b=parts[1]) if len(parts) == 2 else parts[0]
        raise PropertyFailed(msg("{fn} returned the wrong indices for {case}: {parts}.", fn=fn_name, case=case,
                                 parts=both))


# -- dead_relu_units ------------------------------------------------------------------------------

def _integer_layer(rng, n, d, h):
    """Integer-valued X, W1, b1 (stored as float64), so Z = X @ W1 + b1 is exact.

    Feature 0 is 1 on one row and 0 on the others. Units of kind 0..6: dead with Z < 0
    everywhere; dead with max Z == 0 exactly; dead with Z == 0 everywhere; live on the rows
    at the column maximum only (max Z == 1); live everywhere; live with Z == 0 on all rows
    but one; dead with Z == 0 on all rows but one, where it is negative."""
    X = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
    X[:, 0] = 0.0
    X[int(rng.integers(0, n)), 0] = 1.0
    W1 = rng.integers(-3, 4, size=(d, h)).astype(np.float64)
    kinds = np.resize(np.arange(7), h)
    rng.shuffle(kinds)
    b1 = np.zeros(h)
    for u, kind in enumerate(kinds):
        if kind in (2, 5, 6):
            W1[:, u] = 0.0
            W1[0, u] = {2: 0.0, 5: 1.0, 6: -1.0}[kind]
            continue
        z = X @ W1[:, u]
        if kind == 0:
            b1[u] = -z.max() - rng.integers(1, 4)
        elif kind == 1:
            b1[u] = -z.max()
        elif kind == 3:
            b1[u] = -z.max() + 1
        else:
            b1[u] = -z.min() + 1
    Z = X @ W1 + b1
    return X, W1, b1, np.flatnonzero(np.all(Z <= 0, axis=0))


def _handcrafted_layer(rng):
    """Units exactly 0 on every row (dead), 2 on one row and 0 elsewhere (live), -2 on one row
    and 0 elsewhere (dead), plus one clearly live and one clearly dead unit, in random order."""
    n, d = 6, 3
    X = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
    X[:, 0] = 0.0
    X[int(rng.integers(0, n)), 0] = 2.0
    X[:, 1] = rng.integers(1, 4, size=n)
    X[rng.permutation(n)[:2], 1] = [1.0, 3.0]
    W1 = np.zeros((d, 5))
    W1[0, 1] = 1.0            # unit 1: 2 on one row, 0 on the others -> live
    W1[0, 3] = -1.0           # unit 3: -2 on one row, 0 on the others -> dead
    W1[1, 4] = 1.0            # unit 4: 1..3 on every row, with bias -1 -> live
    W1[1, 2] = -1.0           # unit 2: -3..-1 on every row, with bias 1 -> dead (max Z == 0 or less)
    b1 = np.array([0.0, 0.0, 1.0, 0.0, -1.0])   # unit 0: 0 on every row -> dead
    order = rng.permutation(5)
    dead = np.flatnonzero(np.isin(order, [0, 2, 3]))
    return X, W1[:, order], b1[order], dead


def test_exact_zero_preactivation_counts_as_dead(dead_relu_units, rng):
    """With exactly representable pre-activations, a unit is dead iff Z <= 0 on every row (0 counts as off, a single positive row makes it live)."""
    X, W1, b1, dead = _handcrafted_layer(rng)
    out = returned(dead_relu_units(W1, b1, X), "dead_relu_units")
    _expect_indices(out, dead, "dead_relu_units",
                    msg("a layer whose units are exactly 0 on every row or positive on a single row"))
    for _ in range(4):
        n, d, h = int(rng.integers(3, 9)), int(rng.integers(2, 5)), int(rng.integers(12, 20))
        X, W1, b1, dead = _integer_layer(rng, n, d, h)
        out = returned(dead_relu_units(W1, b1, X), "dead_relu_units")
        _expect_indices(out, dead, "dead_relu_units",
                        msg("a layer with pre-activations exactly 0 on some rows"))


def test_random_real_valued_layers(dead_relu_units, rng):
    """On random real-valued data with biases shifting some units off, it finds exactly the dead units."""
    for _ in range(3):
        n, d, h = int(rng.integers(20, 200)), int(rng.integers(2, 12)), int(rng.integers(10, 60))
        X = rng.standard_normal((n, d))
        W1 = rng.standard_normal((d, h))
        colmax = (X @ W1).max(axis=0)
        # Every unit's largest pre-activation is at least 0.1 away from 0: no rounding can
        # decide. Half the units end up live, half dead.
        shift = rng.uniform(0.1, 1.0, size=h) * rng.permutation(np.resize([-1.0, 1.0], h))
        b1 = shift - colmax
        out = returned(dead_relu_units(W1, b1, X), "dead_relu_units")
        _expect_indices(out, np.flatnonzero(shift < 0), "dead_relu_units", msg("a random layer"))


def test_no_unit_or_every_unit_dead(dead_relu_units, rng):
    """No dead unit gives an empty integer array, every unit dead gives all indices 0..h-1, and a mix gives the dead ones."""
    n, d, h = 8, 3, 7
    X = rng.standard_normal((n, d))
    W1 = rng.standard_normal((d, h))
    z = X @ W1
    # Scale every column so its largest pre-activation is 2: live units then have negative
    # biases, so the sign of the bias says nothing about the answer.
    flip = np.where(z.max(axis=0) > 0, 1.0, -1.0)
    W1 = W1 * flip
    W1 = W1 * (2.0 / (X @ W1).max(axis=0))
    zmax = (X @ W1).max(axis=0)
    out = returned(dead_relu_units(W1, -zmax + 0.5, X), "dead_relu_units")
    _expect_indices(out, [], "dead_relu_units", msg("a layer with every unit live"))
    out = returned(dead_relu_units(W1, -zmax - 0.5, X), "dead_relu_units")
    _expect_indices(out, range(h), "dead_relu_units", msg("a layer with every unit dead"))
    dead = rng.permutation(h)[: h // 2]
    b1 = -zmax + 0.5
    b1[dead] = -zmax[dead] - 0.5
    out = returned(dead_relu_units(W1, b1, X), "dead_relu_units")
    _expect_indices(out, np.sort(dead), "dead_relu_units", msg("a layer with some units dead"))


def test_rejects_mismatched_shapes(dead_relu_units, rng):
    """Shapes that do not fit X (n, d), W1 (d, h), b1 (h,), or inputs with the wrong number of dimensions, raise ValueError."""
    n, d, h = 5, 3, 4
    X = rng.standard_normal((n, d))
    W1 = rng.standard_normal((d, h))
    b1 = rng.standard_normal(h)
    cases = [
        ((rng.standard_normal((d + 1, h)), b1, X), msg("for W1 with more rows than X has columns")),
        ((W1, rng.standard_normal(1), X), msg("for b1 of length 1 while W1 has several columns")),
        ((W1, rng.standard_normal(h + 1), X), msg("for b1 longer than the number of units")),
        ((W1, b1, rng.standard_normal((n, d - 1))), msg("for X with fewer columns than W1 has rows")),
        # Wrong numbers of dimensions that NumPy would broadcast without complaint.
        ((W1, b1, X[0]), msg("for a 1-D X (one example without its row axis)")),
        ((W1, b1.reshape(h, 1), rng.standard_normal((h, d))), msg("for b1 of shape {shape}", shape="(h, 1)")),
        ((W1, b1.reshape(1, h), X), msg("for b1 of shape {shape}", shape="(1, h)")),
    ]
    for args, why in cases:
        expect_raises(dead_relu_units(*args), ValueError, "dead_relu_units", why)


# -- revived_coordinates -------------------------------------------------------------------------------

def _relu_net_with_dead_units(rng):
    """(net, w, X, Y, dead1) with dead first-layer units and barely-dead second-layer units.

    First-layer units in dead1 are off on every example by a wide margin: their incoming
    weights and bias have zero gradient and stay put, so they stay dead. Some second-layer
    units are off by a small margin, so the step on the first layer can switch them on."""
    d, h1, h2, n = 3, 6, 6, 8
    net = MLP([d, h1, h2, 1], "relu")
    X = rng.standard_normal((n, d))
    Y = rng.standard_normal(n)
    w = net.init(rng)
    (W1, b1), (W2, b2), _ = net.layers(w)
    dead1 = rng.choice(h1, size=2, replace=False)
    b1[dead1] = -50.0
    H1 = np.maximum(X @ W1 + b1, 0)
    barely = rng.choice(h2, size=3, replace=False)
    b2[barely] = -(H1 @ W2[:, barely]).max(axis=0) - rng.uniform(1e-4, 1e-2, size=3)
    return net, w, X, Y, dead1


def _revival_case(rng, lr):
    """A ReLU MLP where a step revives some zero-gradient coordinates and leaves others dead."""
    for _ in range(100):
        net, w, X, Y, dead1 = _relu_net_with_dead_units(rng)
        grad = lambda v, net=net, X=X, Y=Y: net.loss_gradient(v, X, Y)
        g = grad(w)
        g_new = grad(w - lr * g)
        revived = np.flatnonzero((g == 0) & (g_new != 0))
        still = np.flatnonzero((g == 0) & (g_new == 0))
        if revived.size and still.size:
            return net, w, grad, revived, dead1
    raise RuntimeError("no ReLU model with revived coordinates found")


def test_relu_mlp_revives_deeper_units_only(revived_coordinates, rng):
    """On a ReLU MLP it returns the coordinates that revive (deeper units) and not first-layer dead units."""
    for lr in (0.5, 2.0):
        net, w, grad, revived, dead1 = _revival_case(rng, lr)
        out = returned(revived_coordinates(Recorder(grad), w, lr), "revived_coordinates")
        _expect_indices(out, revived, "revived_coordinates", msg("a ReLU network after one step"))


def _tiny_value_case(rng, p=40):
    """A handcrafted pure grad_fn: g0 at w0 exactly, g1 at any other point.

    g0 holds exact zeros (+0.0 and -0.0), tiny nonzeros (subnormal 5e-324, 1e-300) and
    ordinary values; g1 holds tiny nonzeros, exact zeros of both signs and ordinary values
    in every combination with g0."""
    zero_like = [0.0, -0.0]
    tiny = [5e-324, -5e-324, 1e-300, -1e-310, 1e-200]
    ordinary = [0.5, -2.0, 3.25]
    pairs = [(a, b) for a in zero_like + tiny + ordinary for b in zero_like + tiny + ordinary]
    pairs = [pairs[k] for k in rng.permutation(len(pairs))]
    pairs += [(float(rng.choice(ordinary)), 0.0) for _ in range(max(0, p - len(pairs)))]
    g0 = np.array([a for a, _ in pairs])
    g1 = np.array([b for _, b in pairs])
    w0 = rng.standard_normal(g0.size)

    def grad_fn(v):
        v = np.asarray(v)
        same = v.shape == w0.shape and v.dtype == w0.dtype and v.tobytes() == w0.tobytes()
        return (g0 if same else g1).copy()

    expected = np.flatnonzero((g0 == 0) & (g1 != 0))
    return w0, grad_fn, expected


def test_exact_comparisons_with_tiny_values(revived_coordinates, rng):
    """Zero means exactly 0: a tiny nonzero new gradient counts as revived, a tiny nonzero old one as not zero."""
    w0, grad_fn, expected = _tiny_value_case(rng)
    out = returned(revived_coordinates(Recorder(grad_fn), w0, 0.1), "revived_coordinates")
    _expect_indices(out, expected, "revived_coordinates",
                    msg("gradients with exact zeros and tiny nonzero values"))


def test_calls_grad_fn_exactly_twice(revived_coordinates, rng):
    """Calls grad_fn exactly twice."""
    net, w, grad, _, _ = _revival_case(rng, 0.5)
    rec = Recorder(grad)
    returned(revived_coordinates(rec, w, 0.5), "revived_coordinates")
    expect_calls(rec, 2, "revived_coordinates", "grad_fn")


def test_second_call_at_gradient_step(revived_coordinates, rng):
    """The first call is at w itself, the second at w - lr * grad_fn(w) (to rounding)."""
    for lr in (0.5, 0.03):
        net, w, grad, _, _ = _revival_case(rng, lr)
        rec = Recorder(grad)
        returned(revived_coordinates(rec, w, lr), "revived_coordinates")
        said = (N_("revived_coordinates called grad_fn {n} times; it needs a second call after the step.")
                if rec.count != 1 else
                N_("revived_coordinates called grad_fn {n} time; it needs a second call after the step."))
        expect(rec.count >= 2, msg(said, n=rec.count))
        first = rec.calls[0][0]
        expect(type(first) is np.ndarray and first.shape == w.shape and np.array_equal(first, w),
               msg("revived_coordinates did not call grad_fn at w first."))
        step = w - lr * grad(w)
        second = rec.calls[1][0]
        ok = (type(second) is np.ndarray and second.shape == w.shape
              and bool(np.all(np.abs(second - step) <= 4 * np.finfo(np.float64).eps
                              * (np.abs(w) + np.abs(lr * grad(w))))))
        expect(ok, msg("revived_coordinates did not call grad_fn at w - lr * g the second time."))


def test_leaves_w_unchanged(revived_coordinates, rng):
    """w holds exactly its original bytes after the call."""
    for lr in (0.5, 0.1):
        net, w, grad, _, _ = _revival_case(rng, lr)
        outcome = revived_coordinates(grad, w, lr)
        returned(outcome, "revived_coordinates")
        expect_unchanged(w, outcome.after[1])
    w0, grad_fn, _ = _tiny_value_case(rng)
    outcome = revived_coordinates(grad_fn, w0, 0.7)
    returned(outcome, "revived_coordinates")
    expect_unchanged(w0, outcome.after[1])


def test_nothing_or_every_zero_revives(revived_coordinates, rng):
    """The ascending integer result is empty when the gradient does not change and holds every zero coordinate when all of them turn nonzero."""
    p = 30
    w = rng.standard_normal(p)
    base = rng.standard_normal(p)
    base[rng.choice(p, size=10, replace=False)] = 0.0
    w_ref = w.copy()

    def fixed(v):
        return base.copy()                      # the same gradient everywhere: nothing revives

    out = returned(revived_coordinates(fixed, w, 0.1), "revived_coordinates")
    _expect_indices(out, [], "revived_coordinates", msg("a gradient that does not change"))

    def moving(v):
        v = np.asarray(v)
        if v.tobytes() == w_ref.tobytes():
            return base.copy()
        return base + np.where(base == 0, np.arange(p, 0, -1.0), 0.0)   # every zero revives

    out = returned(revived_coordinates(moving, w, 0.1), "revived_coordinates")
    _expect_indices(out, np.flatnonzero(base == 0), "revived_coordinates",
                    msg("a gradient whose zero coordinates all turn nonzero"))
