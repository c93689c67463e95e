"""Hidden properties of Q7: conflicting_examples and per_example_loss_changes."""

import numpy as np

from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (CONTINUOUS, PropertyFailed, Recorder, as_float_array, as_index_array,
                                 candidate, expect, expect_calls, expect_close, expect_raises, expect_shape,
                                 expect_unchanged, random_mlp, returned)
from gdgrade.reference import q07_per_example as ref

conflicting_examples = candidate("conflicting_examples")
per_example_loss_changes = candidate("per_example_loss_changes")


# -- conflicting_examples ------------------------------------------------------------------------

def _indices(outcome, case):
    """The result as a 1-D integer array in strictly ascending order."""
    out = as_index_array(returned(outcome, "conflicting_examples"),
                         msg("the result of {fn}", fn="conflicting_examples"))
    expect(out.ndim == 1, msg("the result of conflicting_examples has shape {shape}; expected a 1-D array.",
                              shape=str(out.shape)))
    expect(bool(np.all(np.diff(out.astype(np.int64)) > 0)),
           msg("the indices conflicting_examples returned for {case} are not in strictly ascending order.",
               case=case))
    return out


def _expect_indices(outcome, expected, case, n, undecided=None):
    """Exactly the indices in `expected`, ascending; indices in `undecided` (rows whose dot product
    is so close to 0 that summation order could decide its sign) may be in or out."""
    out = _indices(outcome, case)
    expect(out.size == 0 or (int(out.min()) >= 0 and int(out.max()) < n),
           msg("conflicting_examples returned an index outside 0..n-1 for {case}.", case=case))
    got, want = set(out.tolist()), set(int(k) for k in expected)
    if undecided is not None:
        free = set(int(k) for k in undecided)
        got, want = got - free, want - free
    missing, extra = want - got, got - want
    if missing or extra:
        parts = []
        if missing:
            said = (N_("{n} rows with a negative dot product are missing") if len(missing) > 1
                    else N_("{n} row with a negative dot product is missing"))
            parts.append(msg(said, n=len(missing)))
        if extra:
            said = (N_("{n} returned rows have a dot product that is not negative") if len(extra) > 1
                    else N_("{n} returned row has a dot product that is not negative"))
            parts.append(msg(said, n=len(extra)))
        both = msg("{a} and {b}", a=parts[0], b=parts[1]) if len(parts) == 2 else parts[0]
        raise PropertyFailed(msg("conflicting_examples returned the wrong indices for {case}: {parts}.",
                                 case=case, parts=both))


def _random_case(rng, n, p):
    """Gaussian gradients; the expected indices and the rows whose sign rounding could decide."""
    G = rng.standard_normal((n, p))
    g = rng.standard_normal(p)
    d = G @ g
    # Rounding of any summation order (float32 intermediates included) is far below this.
    undecided = np.flatnonzero(np.abs(d) <= 1e-4 * (np.abs(G) @ np.abs(g)))
    return G, g, np.flatnonzero(d < 0), undecided


def _integer_rows(rng, n, p, kinds):
    """Integer rows (exact dot products in any order and precision) against an integer g.

    Kinds: "neg" dot < 0, "pos" dot > 0, "orth" dot == 0 by cancellation, "disjoint" zero
    wherever g is non-zero, "zero" an all-zero row. Returns (G, g, kind of each row)."""
    g = rng.integers(-3, 4, size=p).astype(np.float64)
    g[rng.choice(p, size=3, replace=False)] = [1.0, -1.0, 0.0]   # units to cancel with, and a zero
    units = np.flatnonzero(np.abs(g) == 1)
    zeros = np.flatnonzero(g == 0)
    labels = [kinds[k] for k in rng.integers(0, len(kinds), size=n)]
    G = np.zeros((n, p))
    for r, kind in enumerate(labels):
        if kind == "zero":
            continue
        if kind == "disjoint":
            G[r, zeros] = rng.integers(-4, 5, size=zeros.size)
            G[r, zeros[0]] = 1.0
            continue
        row = rng.integers(-4, 5, size=p).astype(np.float64)
        k = int(rng.choice(units))
        row[k] = 0.0
        target = {"neg": -float(rng.integers(1, 4)), "pos": float(rng.integers(1, 4)), "orth": 0.0}[kind]
        row[k] = (target - float(row @ g)) * g[k]            # g[k] = +-1: row @ g == target exactly
        G[r] = row
    return G, g, labels


def test_matches_sign_of_dot_products_on_random_gradients(conflicting_examples, rng):
    """On random real-valued gradients it returns exactly the rows with a negative dot product with total_grad."""
    for n, p in ((1, 3), (7, 1), (40, 5), (300, 30), (1000, 60)):
        G, g, expected, undecided = _random_case(rng, n, p)
        reference = ref.conflicting_examples(G, g)
        if not set(expected.tolist()) - set(undecided.tolist()) <= set(reference.tolist()):
            raise RuntimeError("the reference disagrees with the test's own dot products")
        _expect_indices(conflicting_examples(G, g), expected, msg("random gradients ({n} x {p})", n=n, p=p), n,
                        undecided)


def test_exactly_orthogonal_rows_are_not_conflicts(conflicting_examples, rng):
    """Rows exactly orthogonal to total_grad (by cancellation, disjoint support, all zeros) are not returned."""
    for n, p in ((12, 4), (60, 9), (200, 25)):
        G, g, labels = _integer_rows(rng, n, p, ("neg", "pos", "orth", "orth", "disjoint", "zero"))
        expected = [r for r, kind in enumerate(labels) if kind == "neg"]
        _expect_indices(conflicting_examples(G, g), expected,
                        msg("gradients with rows exactly orthogonal to total_grad"), n)
    # Only orthogonal rows: nothing conflicts.
    G, g, _ = _integer_rows(rng, 15, 6, ("orth", "disjoint", "zero"))
    _expect_indices(conflicting_examples(G, g), [], msg("gradients whose rows are all exactly orthogonal "
                    "to total_grad"), 15)


def test_tiny_negative_dot_product_is_a_conflict(conflicting_examples, rng):
    """A dot product of -2**-60 counts as negative (strict < 0, no tolerance); +2**-60 and 0 do not."""
    for scale in (2.0 ** -30, 2.0 ** 40):
        G, g, labels = _integer_rows(rng, 40, 7, ("neg", "pos", "orth"))
        G = G * scale
        g = g * 2.0 ** -30
        expected = [r for r, kind in enumerate(labels) if kind == "neg"]
        _expect_indices(conflicting_examples(G, g), expected,
                        msg("gradients whose dot products with total_grad are tiny or large but exact"), 40)


def test_duplicate_rows_each_reported(conflicting_examples, rng):
    """Identical rows are judged each on its own: every copy of a conflicting row is returned."""
    G, g, labels = _integer_rows(rng, 10, 5, ("neg", "pos", "orth"))
    order = rng.integers(0, 10, size=40)
    order[:3] = [int(labels.index("neg")) if "neg" in labels else 0] * 3
    rng.shuffle(order)
    G2 = G[order]
    expected = [r for r, k in enumerate(order) if labels[k] == "neg"]
    _expect_indices(conflicting_examples(G2, g), expected, msg("gradients with repeated rows"), 40)


def test_empty_when_none_conflict_every_index_when_all_do(conflicting_examples, rng):
    """Returns an empty integer array when no row conflicts, 0..n-1 when every row does, and the
    conflicting rows in ascending order otherwise."""
    G, g, expected, undecided = _random_case(rng, 50, 4)
    _expect_indices(conflicting_examples(G, g), expected, msg("random gradients"), 50, undecided)
    n, p = 9, 3
    g = rng.standard_normal(p)
    G = np.outer(rng.uniform(0.5, 2.0, size=n), g)                # every row a positive multiple of g
    _expect_indices(conflicting_examples(G, g), [], msg("gradients that all agree with total_grad"), n)
    _expect_indices(conflicting_examples(-G, g), range(n), msg("gradients that all oppose total_grad"), n)


BIG_N, BIG_P = 20_000, 500


def test_large_problem_n20000_p500(conflicting_examples, rng):
    """On 20,000 examples x 500 float32 weights (some rows exactly orthogonal) it finishes and is right."""
    # float32, as in the scale tests of the pack: 40 MB instead of 80 MB to send and read back.
    # Rows come from a block of 2,000 random rows (repeats are fine: duplicates are judged each
    # on its own), so the test's own dot products and rounding bounds cost one small product.
    block = rng.standard_normal((2000, BIG_P)).astype(np.float32)
    g = rng.standard_normal(BIG_P).astype(np.float32)
    g[:50] = 0.0
    pick = rng.integers(0, block.shape[0], size=BIG_N)
    G = block[pick]
    b64, g64 = block.astype(np.float64), g.astype(np.float64)
    d_block = b64 @ g64                       # exact products, float64 sums
    d = d_block[pick]
    undecided = np.flatnonzero((np.abs(d_block) <= 1e-4 * (np.abs(b64) @ np.abs(g64)))[pick])
    # A tenth of the rows exactly orthogonal: integer entries only where g is 0.
    rows = rng.choice(BIG_N, size=BIG_N // 10, replace=False)
    G[rows] = 0.0
    G[rows, :50] = rng.integers(-3, 4, size=(rows.size, 50))
    d[rows] = 0.0
    undecided = np.setdiff1d(undecided, rows)
    outcome = conflicting_examples.with_timeout(20.0)(G, g)
    _expect_indices(outcome, np.flatnonzero(d < 0), msg("20,000 x 500 gradients"), BIG_N, undecided)


def test_rejects_mismatched_shapes(conflicting_examples, rng):
    """per_example_grads (n, p) with total_grad (q,), q != p, or a 1-D per_example_grads raise ValueError."""
    cases = [((6, 4), (3,), msg("(n, p) with total_grad of length q != p")),
             ((6, 4), (5,), msg("(n, p) with total_grad of length q != p")),
             ((4,), (4,), msg("a 1-D per_example_grads")),
             ((6, 4, 1), (4,), msg("a 3-D per_example_grads")),
             ((6, 4), (4, 1), msg("a 2-D total_grad"))]
    for g_shape, t_shape, what in cases:
        outcome = conflicting_examples(rng.standard_normal(g_shape), rng.standard_normal(t_shape))
        expect_raises(outcome, ValueError, "conflicting_examples", msg("for {what}", what=what))


# -- per_example_loss_changes --------------------------------------------------------------------

class _Model:
    """A seeded MLP with data: per-example RMSE and the gradient of the total RMSE."""

    def __init__(self, rng, activation="tanh"):
        outputs = int(rng.integers(1, 3))
        self.net, self.w, self.X = random_mlp(rng, activation, outputs)
        self.Y = rng.standard_normal(self.net.predict(self.w, self.X).shape)
        self.lr = float(rng.uniform(0.05, 0.5))

    def per_example_loss(self, v):
        return self.net.per_example_loss(v, self.X, self.Y)

    def total_grad(self, v):
        return self.net.loss_gradient(v, self.X, self.Y)


def _near(u, target):
    """u equals target within the rounding of computing w - lr * g (any correct way)."""
    if type(u) is not np.ndarray or u.shape != target.shape or u.dtype.kind != "f":
        return False
    return bool(np.all(np.abs(u - target) <= 4 * np.finfo(np.float64).eps * (np.abs(target) + 1e-300)
                       + 1e-300))


def _steps(loss_rec, w, stepped):
    """(index of the call at w, index of the call at w - lr g), or None if the calls are elsewhere."""
    if loss_rec.count != 2:
        return None
    at = [[_near(c[0], w), _near(c[0], stepped)] for c in loss_rec.calls]
    for old, new in ((0, 1), (1, 0)):
        if at[old][0] and at[new][1]:
            return old, new
    return None


def _expect_changes(outcome, wanted, what):
    """A float array of wanted's shape and values (within the rounding of any correct step)."""
    out = as_float_array(returned(outcome, "per_example_loss_changes"),
                         msg("the result of {fn}", fn="per_example_loss_changes"))
    expect_shape(out, wanted.shape, msg("the result of {fn}", fn="per_example_loss_changes"))
    try:
        expect_close(out, wanted, msg("the result of per_example_loss_changes for {what}", what=what), rtol=1e-7,
                     atol=1e-10)
    except PropertyFailed:
        if np.allclose(out, -wanted, rtol=1e-7, atol=1e-10) and np.any(wanted != 0):
            raise PropertyFailed(msg("per_example_loss_changes returned old minus new loss; it must return "
                                     "per_example_loss(w_new) - per_example_loss(w) (positive = worse).")) from None
        raise
    return out


def test_matches_mlp_step(per_example_loss_changes, rng):
    """On seeded MLPs (every continuous activation) it returns each example's RMSE change over one step."""
    for activation in CONTINUOUS:
        model = _Model(rng, activation)
        stepped = model.w - model.lr * model.total_grad(model.w)
        wanted = model.per_example_loss(stepped) - model.per_example_loss(model.w)
        if not (np.any(wanted > 0) or np.any(wanted < 0)):
            raise RuntimeError("an MLP step leaves every example's loss unchanged")
        _expect_changes(per_example_loss_changes(model.per_example_loss, model.total_grad, model.w,
                                                 model.lr), wanted, msg("an MLP"))


def test_calls_gradient_once_and_loss_twice(per_example_loss_changes, rng):
    """Calls total_grad_fn exactly once and per_example_loss exactly twice."""
    model = _Model(rng)
    loss_rec, grad_rec = Recorder(model.per_example_loss), Recorder(model.total_grad)
    returned(per_example_loss_changes(loss_rec, grad_rec, model.w, model.lr), "per_example_loss_changes")
    expect_calls(grad_rec, 1, "per_example_loss_changes", "total_grad_fn")
    expect_calls(loss_rec, 2, "per_example_loss_changes", "per_example_loss")


def test_steps_against_the_gradient(per_example_loss_changes, rng):
    """per_example_loss is evaluated at w and at w - lr * total_grad_fn(w) (in either order)."""
    for activation in ("relu", "sigmoid"):
        model = _Model(rng, activation)
        loss_rec, grad_rec = Recorder(model.per_example_loss), Recorder(model.total_grad)
        returned(per_example_loss_changes(loss_rec, grad_rec, model.w, model.lr), "per_example_loss_changes")
        stepped = model.w - model.lr * model.total_grad(model.w)
        expect(_steps(loss_rec, model.w, stepped) is not None,
               msg("per_example_loss_changes did not evaluate per_example_loss at w and at "
                   "w - lr * total_grad_fn(w): the step must go against the gradient, from the original w."))


def test_positive_means_worse(per_example_loss_changes, rng):
    """On a small loss where examples improve and others get worse, the signs and values are exact
    (all zero for lr = 0)."""
    t = np.array([-1.0, 3.0, 1.0])

    def loss(v):
        return (v[0] - t) ** 2

    def grad(v):
        return np.array([np.mean(2.0 * (v[0] - t)), 0.0])

    # At w[0] = 0: g = 2 * mean(0 - t) = -2 and the losses are 1, 9, 1.
    cases = ((0.25, [1.25, -2.75, -0.75]),     # w_new[0] = 0.5: losses 2.25, 6.25, 0.25
             (0.0, [0.0, 0.0, 0.0]),           # no step: nothing changes
             (1.0, [8.0, -8.0, 0.0]))          # w_new[0] = 2: losses 9, 1, 1
    for lr, wanted in cases:
        w = np.array([0.0, 0.5])
        out = _expect_changes(per_example_loss_changes(loss, grad, w, lr), np.array(wanted),
                              msg("a small loss where one example gets worse and others improve"))
        expect(bool(np.array_equal(out, np.array(wanted))),
               msg("per_example_loss_changes gave inexact changes on a small loss whose values are exactly "
                   "representable."))


def test_leaves_w_unchanged(per_example_loss_changes, rng):
    """Leaves w bit for bit as it was, also when per_example_loss or total_grad_fn raises."""
    model = _Model(rng)
    w0 = model.w.copy()
    outcome = per_example_loss_changes(model.per_example_loss, model.total_grad, model.w, model.lr)
    returned(outcome, "per_example_loss_changes")
    expect_unchanged(w0, outcome.after[2])
    for failing in ("loss 1", "loss 2", "grad"):
        loss = Recorder(model.per_example_loss, fail_on_call=int(failing[-1]) if "loss" in failing else None)
        grad = Recorder(model.total_grad, fail_on_call=1 if failing == "grad" else None)
        outcome = per_example_loss_changes(loss, grad, model.w, model.lr)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("per_example_loss_changes did not let the exception of the function it called propagate."))
        expect_unchanged(w0, outcome.after[2])
