"""Hidden properties of Q4: loss_surface and convexity_map."""

import numpy as np

from gdgrade.gdkit.models import MLP
from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (CONTINUOUS, PropertyFailed, Recorder, as_float_array, candidate,
                                 candidate_cpu_seconds, expect, expect_calls, expect_raises, expect_shape,
                                 expect_unchanged, random_mlp, reference_cpu_seconds, returned)
from gdgrade.reference import q04_surface as ref

loss_surface = candidate("loss_surface")
convexity_map = candidate("convexity_map")

SURFACE_RESULT = msg("the result of {fn}", fn="loss_surface")
MAP_RESULT = msg("the result of {fn}", fn="convexity_map")


# -- loss_surface: seeded MLP losses and the weight vectors they were called with ----------------

class _Case:
    """A seeded MLP with data, its RMSE as total_loss, two distinct weights and a grid of offsets."""

    def __init__(self, rng, activation="tanh", dtype=np.float64, r=None, fragile=True):
        outputs = int(rng.integers(1, 3))
        self.net, self.w, self.X = random_mlp(rng, activation, outputs, dtype=dtype)
        self.Y = rng.standard_normal(self.net.predict(self.w, self.X).shape)
        n = self.w.size
        self.i, self.j = (int(k) for k in rng.choice(n, size=2, replace=False))
        r = r or int(rng.integers(3, 6))
        # Distinct offsets, at least 0.05 apart, in no particular order.
        self.offsets = rng.permutation(np.linspace(-1.0, 1.0, 2 * r + 1))[:r] \
            + rng.uniform(-0.02, 0.02, size=r)
        if fragile:
            for k in (self.i, self.j):
                self.w[k] = _fragile_value(rng, self.w.dtype.type, self.offsets)

    def total_loss(self, v):
        return self.net.loss(v, self.X, self.Y)


def _fragile_value(rng, dt, offsets):
    """A weight value for which restoring by subtraction and accumulating steps both go wrong.

    For every non-zero offset o, w + o - o != w (in float64 arithmetic and in w's dtype), and
    stepping from one grid value to the next (w + o0, then + (o1 - o0), ...) leaves the exact
    grid value w + o_a at least once (for three offsets or more)."""
    nonzero = [float(o) for o in offsets if o != 0]
    scale = 1e-2 * min(abs(o) for o in nonzero)
    for _ in range(10_000):
        v = dt(rng.uniform(-1, 1) * scale)
        round_trip_64 = all(dt(dt(float(v) + o) - o) != v for o in nonzero)
        round_trip_dt = all((dt(v + dt(o)) - dt(o)) != v for o in nonzero)
        x, drift, prev = v, False, 0.0
        for o in offsets:
            x = dt(float(x) + (float(o) - prev))
            prev = float(o)
            if dt(x).tobytes() not in _grid_values(v, o):
                drift = True
        if round_trip_64 and round_trip_dt and (drift or len(offsets) < 3):
            return v
    raise RuntimeError("no fragile weight value found")


def _grid_values(v, o):
    """Both correct ways of storing v + o in v's dtype (they differ by at most one ulp)."""
    dt = type(v)
    return {dt(v + dt(o)).tobytes(), dt(float(v) + float(o)).tobytes()}


def _pairs(rec, case, i, j):
    """Map each recorded call to its grid cell (a, b); None if a call was made elsewhere.

    A call matches cell (a, b) if it differs from w only at weights i and j, and these hold
    w[i] + offsets[a] and w[j] + offsets[b] stored in w's dtype (either correct rounding)."""
    w, offsets = case.w, case.offsets
    grid_i = [_grid_values(w[i], o) for o in offsets]
    grid_j = [_grid_values(w[j], o) for o in offsets]
    rest = np.ones(w.size, dtype=bool)
    rest[[i, j]] = False
    cells = []
    for call in rec.calls:
        u = call[0]
        if type(u) is not np.ndarray or u.dtype != w.dtype or u.shape != w.shape:
            return None
        if u[rest].tobytes() != w[rest].tobytes():
            return None
        a = [k for k, g in enumerate(grid_i) if u[i].tobytes() in g]
        b = [k for k, g in enumerate(grid_j) if u[j].tobytes() in g]
        if len(a) != 1 or len(b) != 1:
            return None
        cells.append((a[0], b[0]))
    return cells


def _check_surface(outcome, rec, case, i=None, j=None):
    """Z has shape (R, R), every cell was evaluated once at the right vector, and Z[a, b] is
    the loss there (within the rounding of Z's own floating dtype)."""
    i = case.i if i is None else i
    j = case.j if j is None else j
    r = case.offsets.size
    Z = as_float_array(returned(outcome, "loss_surface"), SURFACE_RESULT)
    expect_shape(Z, (r, r), SURFACE_RESULT)
    cells = _pairs(rec, case, i, j)
    expect(cells is not None,
           msg("{fn} called total_loss at a weight vector other than the grid's: only weights "
               "i and j may differ from w, by exactly offsets[a] and offsets[b] added to the original "
               "values (never by accumulating steps).", fn="loss_surface"))
    expect(sorted(cells) == [(a, b) for a in range(r) for b in range(r)],
           msg("{fn} did not evaluate total_loss exactly once at every cell (a, b) of the grid.",
               fn="loss_surface"))
    wanted = np.empty((r, r))
    for (a, b), call in zip(cells, rec.calls):
        wanted[a, b] = case.total_loss(call[0])
    rtol = 4 * float(np.finfo(Z.dtype).eps)
    bad = ~np.isclose(Z.astype(np.float64), wanted, rtol=rtol, atol=0)
    if bad.any():
        swapped = bool(np.all(np.isclose(Z.T.astype(np.float64), wanted, rtol=rtol, atol=0)))
        said = (N_("Z[a, b] is not the loss with weight i moved by offsets[a] and weight j by offsets[b] "
                   "in {bad} of {cells} cells (rows and columns are swapped).") if swapped
                else N_("Z[a, b] is not the loss with weight i moved by offsets[a] and weight j by offsets[b] "
                        "in {bad} of {cells} cells."))
        raise PropertyFailed(msg(said, bad=int(bad.sum()), cells=r * r))
    return Z


def test_matches_mlp_losses(loss_surface, rng):
    """Z[a, b] is the RMSE of seeded MLPs with w[i] moved by offsets[a] and w[j] by offsets[b]."""
    for activation in CONTINUOUS:
        case = _Case(rng, activation, fragile=False)
        rec = Recorder(case.total_loss)
        Z = _check_surface(loss_surface(rec, case.w, case.i, case.j, case.offsets), rec, case)
        expected = ref.loss_surface(case.total_loss, case.w.copy(), case.i, case.j, case.offsets)
        expect(bool(np.allclose(Z, expected, rtol=4 * float(np.finfo(Z.dtype).eps), atol=0)),
               msg("{fn} differs from the loss surface of the model.", fn="loss_surface"))


def test_offsets_applied_from_original_weights(loss_surface, rng):
    """Every grid value is w + offset computed from the original weight, never by accumulating steps."""
    for activation in ("tanh", "relu"):
        case = _Case(rng, activation, r=6)
        rec = Recorder(case.total_loss)
        _check_surface(loss_surface(rec, case.w, case.i, case.j, case.offsets), rec, case)


def test_float32_weights_accept_either_rounding(loss_surface, rng):
    """With float32 w, w[i] + offset stored in float32 (either correct rounding) is accepted."""
    for activation in ("sigmoid", "leaky_relu"):
        case = _Case(rng, activation, dtype=np.float32)
        rec = Recorder(case.total_loss)
        _check_surface(loss_surface(rec, case.w, case.i, case.j, case.offsets), rec, case)


def test_calls_total_loss_r_squared_times(loss_surface, rng):
    """Calls total_loss exactly R * R times for grids of several sizes."""
    for r in (2, 5, 7):
        case = _Case(rng, r=r, fragile=False)
        rec = Recorder(case.total_loss)
        returned(loss_surface(rec, case.w, case.i, case.j, case.offsets), "loss_surface")
        expect_calls(rec, r * r, "loss_surface", "total_loss")


def test_restores_weights_bitwise(loss_surface, rng):
    """Leaves w bit for bit as it was, also for weights where (w + offset) - offset != w."""
    for dtype in (np.float64, np.float32):
        case = _Case(rng, dtype=dtype)
        w0 = case.w.copy()
        outcome = loss_surface(case.total_loss, case.w, case.i, case.j, case.offsets)
        returned(outcome, "loss_surface")
        expect_unchanged(w0, outcome.after[1])


def test_restores_weights_when_total_loss_raises(loss_surface, rng):
    """When total_loss raises (first, middle or last call), the exception propagates and w is restored."""
    case = _Case(rng, r=4)
    for failing_call in (1, 7, 16):
        outcome = loss_surface(Recorder(case.total_loss, fail_on_call=failing_call), case.w,
                               case.i, case.j, case.offsets)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("{fn} did not let total_loss's exception propagate.", fn="loss_surface"))
        expect_unchanged(case.w, outcome.after[1])


def test_negative_indices_count_from_the_end(loss_surface, rng):
    """Negative i and j count from the end of w, as in NumPy indexing."""
    case = _Case(rng, r=3)
    n = case.w.size
    for i, j in ((-1, 0), (1, -n), (-2, -3)):
        rec = Recorder(case.total_loss)
        _check_surface(loss_surface(rec, case.w, i, j, case.offsets), rec, case, i % n, j % n)


def test_out_of_range_index_raises_index_error(loss_surface, rng):
    """An index past either end of w raises IndexError and leaves w unchanged."""
    case = _Case(rng, r=3)
    n = case.w.size
    for i, j, what in ((n, 0, "i = len(w)"), (0, -n - 1, "j = -len(w) - 1"), (1, n + 3, "j > len(w)")):
        outcome = loss_surface(case.total_loss, case.w, i, j, case.offsets)
        expect_raises(outcome, IndexError, "loss_surface", msg("for {what}", what=what))
        expect_unchanged(case.w, outcome.after[1])


def test_same_weight_raises_value_error(loss_surface, rng):
    """i and j naming the same weight (also through a negative index) raise ValueError, w unchanged."""
    case = _Case(rng, r=3)
    n = case.w.size
    k = int(rng.integers(1, n - 1))
    for i, j, what in ((k, k, "i == j"), (k, k - n, "j = i - len(w)"),
                       (-1, n - 1, "i = -1, j = len(w) - 1")):
        outcome = loss_surface(case.total_loss, case.w, i, j, case.offsets)
        expect_raises(outcome, ValueError, "loss_surface", msg("for {what} (the same weight)", what=what))
        expect_unchanged(case.w, outcome.after[1])


# -- convexity_map: grids on which the finite differences are exact -----------------------------

def _fd_hessian(Z, h):
    """The contract's finite differences at every interior point (exact on the grids below)."""
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * c + Z[:-2, 1:-1]) / (h * h)
    dyy = (Z[1:-1, 2:] - 2.0 * c + Z[1:-1, :-2]) / (h * h)
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4.0 * h * h)
    return dxx, dyy, dxy


def _dyadic_grid(rng, r, c):
    """Grid coordinates k * h with h a power of 2, as an (x, y) pair of broadcastable arrays."""
    h = 2.0 ** -int(rng.integers(1, 4))
    x = (int(rng.integers(-12, 4)) + np.arange(r)) * h
    y = (int(rng.integers(-12, 4)) + np.arange(c)) * h
    return x[:, None], y[None, :], h


def _quadratic(rng, r, c, dxx, dyy, dxy):
    """Z sampled from a quadratic with Hessian [[dxx, dxy], [dxy, dyy]] plus an integer linear
    part, on a dyadic grid: every value and every finite difference is exact."""
    x, y, h = _dyadic_grid(rng, r, c)
    d, e, f = (float(v) for v in rng.integers(-3, 4, size=3))
    Z = 0.5 * dxx * x * x + dxy * x * y + 0.5 * dyy * y * y + d * x + e * y + f
    fd = _fd_hessian(Z, h)
    if not all(np.all(v == want) for v, want in zip(fd, (dxx, dyy, dxy))):
        raise RuntimeError("test grid does not give exact finite differences")
    return Z, h


def _bool_map(outcome, shape):
    value = returned(outcome, "convexity_map")
    if type(value) is not np.ndarray:
        kind = getattr(value, "type_name", None) or type(value).__name__
        raise PropertyFailed(msg("{what} is a {type}; expected a numpy.ndarray of bools.", what=MAP_RESULT,
                                 type=kind))
    expect(value.dtype == np.bool_,
           msg("{what} has dtype {dtype}; expected bool.", what=MAP_RESULT, dtype=str(value.dtype)))
    expect_shape(value, shape, MAP_RESULT)
    return value


def _shape(rng):
    return int(rng.integers(3, 9)), int(rng.integers(3, 9))


def _expect_constant(convexity_map, Z, h, wanted, case, tol=None):
    args = (Z, h) if tol is None else (Z, h, tol)
    out = _bool_map(convexity_map(*args), (Z.shape[0] - 2, Z.shape[1] - 2))
    wrong = int(np.count_nonzero(out != wanted))
    said = (N_("{fn} gave {got} at {wrong} of {size} interior points of {case}, where every point is convex.")
            if wanted else
            N_("{fn} gave {got} at {wrong} of {size} interior points of {case}, where every point is not convex."))
    expect(wrong == 0, msg(said, fn="convexity_map", got=not wanted, wrong=wrong, size=out.size, case=case))


def test_quadratic_is_convex_iff_its_hessian_is_positive_semidefinite(convexity_map, rng):
    """A quadratic is convex at every interior point if its Hessian is positive (semi)definite, and at none if it is concave or a saddle."""
    convex = [(4.0, 4.0, 2.0), (2.0, 8.0, -3.0), (1.0, 1.0, 0.0), (6.0, 2.0, 3.0), (0.5, 2.0, -0.75)]
    for _ in range(3):
        dxx, dyy = (float(v) for v in rng.integers(1, 9, size=2))
        limit = int(np.floor(np.sqrt(dxx * dyy - 0.5)))
        convex.append((dxx, dyy, float(rng.integers(-limit, limit + 1))))
    not_convex = [(-4.0, -4.0, 2.0), (-1.0, -3.0, 0.5),                 # concave
                  (2.0, -2.0, 0.0), (1.0, 1.0, 2.0), (4.0, 1.0, -3.0),   # saddles
                  (0.0, 0.0, 1.0), (3.0, 0.0, 0.5)]                      # saddles on a zero diagonal
    cases = [(hess, True) for hess in convex] + [(hess, False) for hess in not_convex]
    for k in rng.permutation(len(cases)):
        (dxx, dyy, dxy), wanted = cases[k]
        Z, h = _quadratic(rng, *_shape(rng), dxx, dyy, dxy)
        _expect_constant(convexity_map, Z, h, wanted,
                         msg("a convex quadratic") if wanted else msg("a concave or saddle-shaped quadratic"))


def test_convex_iff_smallest_eigenvalue_at_least_minus_tol(convexity_map, rng):
    """A smallest eigenvalue of exactly -tol counts as convex and one slightly below -tol does not; flat directions are convex."""
    t = 2.0 ** -10
    exact, below, above, zero = (msg("exactly -tol"), msg("slightly below -tol"), msg("slightly above -tol"),
                                 msg("exactly 0"))
    cases = [((-t, 1.0, 0.0), t, True, exact), ((1.0, -t, 0.0), t, True, exact),
             ((-t - 2.0 ** -20, 1.0, 0.0), t, False, below), ((2.0, -t - 2.0 ** -20, 0.0), t, False, below),
             ((-t + 2.0 ** -20, 0.5, 0.0), t, True, above),
             ((2.0, 2.0, 2.0), None, True, zero), ((0.0, 3.0, 0.0), None, True, zero),
             ((0.0, 0.0, 0.0), None, True, zero),                               # a plane
             ((-2.0 ** -28, 1.0, 0.0), None, False, below),                     # -3.7e-9 < -1e-9
             ((1.0, -2.0 ** -31, 0.0), None, True, above)]                      # -4.7e-10 >= -1e-9
    for (dxx, dyy, dxy), tol, wanted, what in cases:
        Z, h = _quadratic(rng, *_shape(rng), dxx, dyy, dxy)
        _expect_constant(convexity_map, Z, h, wanted,
                         msg("a quadratic whose smallest curvature is {what}", what=what), tol)


def _polynomial(rng, r, c):
    """A degree-4 polynomial with integer coefficients on a dyadic grid: exact values and
    differences; a double-well shape whose curvature changes sign across the grid."""
    h = 2.0 ** -max(0, int(np.round(np.log2(min(r, c) / 5.0))))
    x = (np.arange(r) - r // 2 + int(rng.integers(-2, 3)))[:, None] * h
    y = (np.arange(c) - c // 2 + int(rng.integers(-2, 3)))[None, :] * h
    a, b = (float(v) for v in rng.integers(1, 4, size=2))
    k = [float(v) for v in rng.integers(-2, 3, size=4)]
    Z = (a * (x ** 4 - 6 * x * x) + b * (y ** 4 - 6 * y * y) + k[0] * x ** 3 * y
         + k[1] * x * y + k[2] * x + k[3])
    return Z, h


def _mlp_surface(rng, r, c):
    """A Q4 loss surface of a small tanh network (rows and columns over different offsets)."""
    net = MLP([2, 4, 1], "tanh")
    w = net.init(rng, scale=4.0)
    X = rng.standard_normal((6, 2))
    Y = rng.standard_normal(6)
    h = 0.125
    offsets = (np.arange(max(r, c)) - max(r, c) // 2) * h
    Z = ref.loss_surface(lambda v: net.loss(v, X, Y), w, 0, 2, offsets)
    return Z[:r, :c], h


def _trig_surface(rng, r, c):
    """A large smooth surface sin(a x) cos(b y) + 0.05 x^2 with ridges, valleys and saddles."""
    t = np.linspace(-6.0, 6.0, max(r, c))
    a, b = rng.uniform(0.5, 1.5, size=2)
    Z = np.multiply.outer(np.sin(a * t[:r]), np.cos(b * t[:c])) + (0.05 * t[:r] ** 2)[:, None]
    return Z, float(t[1] - t[0])


def _float32_polynomial(rng, r, c):
    """A `_polynomial` surface stored in float32 without rounding (every value is exact)."""
    for _ in range(100):
        Z, h = _polynomial(rng, r, c)
        Z32 = Z.astype(np.float32)
        if np.array_equal(Z32.astype(np.float64), Z):
            return Z32, h
    raise RuntimeError("no float32-exact polynomial surface found")


def _mixed(builder, rng, r, c, tol):
    """A surface from `builder` whose map has both answers in good measure, with its expected map."""
    for _ in range(100):
        Z, h = builder(rng, r, c)
        wanted, clear = _expected_map(Z, h, tol)
        if clear.mean() > 0.9 and 0.1 < wanted[clear].mean() < 0.9:
            return Z, h, wanted, clear
    raise RuntimeError("no mixed test surface found")


def _expected_map(Z, h, tol):
    """The contract's answer, and a mask of the points no rounding could decide."""
    dxx, dyy, dxy = _fd_hessian(Z, h)
    lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    scale = np.abs(dxx) + np.abs(dyy) + np.abs(dxy)
    clear = np.abs(lam + tol) > 1e-6 * (1.0 + scale)
    return lam >= -tol, clear


WRONG_AT = N_("{fn} gave the wrong answer at {wrong} of {size} interior points of {case}.")


def test_mixed_surfaces_match_reference(convexity_map, rng):
    """On non-square polynomial, MLP loss and large smooth surfaces with convex and non-convex regions, it matches the reference point by point."""
    for builder, r, c in ((_polynomial, 23, 17), (_polynomial, 9, 31), (_mlp_surface, 15, 21),
                          (_mlp_surface, 24, 9), (_trig_surface, 121, 161)):
        Z, h, wanted, clear = _mixed(builder, rng, r, c, 1e-9)
        out = _bool_map(convexity_map(Z, h), (r - 2, c - 2))
        if not np.array_equal(ref.convexity_map(Z, h)[clear], wanted[clear]):
            raise RuntimeError("the reference disagrees with the test's own convexity map")
        wrong = int(np.count_nonzero(out[clear] != wanted[clear]))
        expect(wrong == 0, msg(WRONG_AT, fn="convexity_map", wrong=wrong, size=out.size,
                               case=msg("a {r} x {c} surface with convex and non-convex regions", r=r, c=c)))


def test_float32_z_and_tiny_h_follow_the_exact_formulas(convexity_map, rng):
    """For float32 Z, and for an h so small that h squared, or the differences divided by it, leave float32's range, the map is the one the contract's formulas give in exact arithmetic."""
    cases = ((13, 17, None, "float32"), (19, 11, 1e-20, "float32"), (15, 15, np.float32(1e-20), "float32"),
             (11, 14, 1e-30, "float64"))
    for r, c, tiny, dtype in cases:
        for _ in range(100):
            Z, h = _float32_polynomial(rng, r, c)
            if dtype == "float64":
                Z = Z.astype(np.float64)
            if tiny is not None:
                h = tiny
            # Z is exact in float64 and h * h is far from float64's limits, so float64
            # arithmetic gives the exact answer wherever `clear` holds.
            wanted, clear = _expected_map(Z.astype(np.float64), float(h), 1e-9)
            if clear.mean() > 0.9 and 0.1 < wanted[clear].mean() < 0.9:
                break
        else:
            raise RuntimeError("no mixed test surface found")
        if not np.array_equal(ref.convexity_map(Z, h)[clear], wanted[clear]):
            raise RuntimeError("the reference disagrees with the test's own convexity map")
        out = _bool_map(convexity_map(Z, h), (r - 2, c - 2))
        wrong = int(np.count_nonzero(out[clear] != wanted[clear]))
        what = msg("a {dtype} Z", dtype=dtype) if tiny is None else msg("a {dtype} Z with a tiny h", dtype=dtype)
        expect(wrong == 0, msg(WRONG_AT, fn="convexity_map", wrong=wrong, size=out.size, case=what))


def test_bool_map_of_interior_shape(convexity_map, rng):
    """Returns a bool array of shape (r - 2, c - 2), also for 3-wide and non-square grids."""
    for r, c in ((3, 3), (3, 8), (7, 3), (5, 12)):
        Z = rng.standard_normal((r, c))
        out = _bool_map(convexity_map(Z, 0.5), (r - 2, c - 2))
        wanted, clear = _expected_map(Z, 0.5, 1e-9)
        wrong = int(np.count_nonzero(out[clear] != wanted[clear]))
        expect(wrong == 0, msg(WRONG_AT, fn="convexity_map", wrong=wrong, size=out.size,
                               case=msg("a random {r} x {c} grid", r=r, c=c)))


def test_rejects_non_finite_z(convexity_map, rng):
    """A NaN or an infinity anywhere in Z (interior or border) raises ValueError."""
    for bad, where in ((np.nan, (0, 2)), (np.inf, (2, 3)), (-np.inf, (4, 0)), (np.nan, (3, 3))):
        Z = rng.standard_normal((6, 5))
        Z[where[0] % 6, where[1] % 5] = bad
        what = "NaN" if np.isnan(bad) else msg("an infinity")
        expect_raises(convexity_map(Z, 0.5), ValueError, "convexity_map", msg("for a Z holding {what}", what=what))


def test_rejects_bad_shape_or_h(convexity_map, rng):
    """Z not 2-D or with a side below 3, or h <= 0, raises ValueError."""
    for shape in ((2, 5), (5, 2), (2, 2), (9,), (3, 3, 3)):
        expect_raises(convexity_map(rng.standard_normal(shape), 0.5), ValueError, "convexity_map",
                      msg("for Z of shape {shape}", shape=str(shape)))
    for h in (0.0, -0.25):
        expect_raises(convexity_map(rng.standard_normal((5, 6)), h), ValueError, "convexity_map",
                      msg("for h = {h:g}", h=h))


BIG = 2001


def test_vectorised_on_2001_grid(convexity_map, rng):
    """On a 2001 x 2001 grid it takes at most 40x the reference's CPU time (at least reference + 0.5 s), so it is vectorised."""
    t = np.linspace(-6.0, 6.0, BIG)
    h = float(t[1] - t[0])
    a, b = rng.uniform(0.5, 1.5, size=2)
    Z = np.multiply.outer(np.sin(a * t), np.cos(b * t))
    Z += (0.05 * t * t)[:, None]
    call = convexity_map.with_timeout(30.0)
    # CPU time, not wall time: questions graded at the same time on the other cores must
    # not change the verdict. The yardstick is the closed-form reference, the fastest of
    # three runs, as a first run also pays for fresh memory (0.1 s warm, 0.4 s cold); a
    # candidate's first run just over the limit gets the same second chance. Measured
    # against it (CPU time, n = 501 to 2001): stacked 2 x 2 eigvalsh 12-15x, a Python loop
    # over plain lists 17-22x, a Python loop over array elements 64-130x. The contract's
    # former "10x" would score eigvalsh, a correct vectorised method, by chance from run to
    # run; 40x passes every vectorised method (and the list loop) and fails element loops.
    # Whether the map is right is for the value checks (the same kind of surface is among
    # them); this check only needs a map of the right type and shape.
    t_ref = min(reference_cpu_seconds(ref.convexity_map, Z, h)[1] for _ in range(3))
    allowed = max(40.0 * t_ref, t_ref + 0.5)
    outcome = call.timed(Z, h)
    elapsed = candidate_cpu_seconds(outcome)
    if allowed < elapsed < 2 * allowed and outcome.raised is None:
        outcome = call.timed(Z, h)
        elapsed = min(elapsed, candidate_cpu_seconds(outcome))
    _bool_map(outcome, (BIG - 2, BIG - 2))
    expect(elapsed <= allowed,
           msg("{fn} took {elapsed:.2f} s of CPU time on a 2001 x 2001 grid; the limit is {allowed:.2f} s "
               "(40 times the reference's): compute all interior points at once with array "
               "operations, not in a Python loop.", fn="convexity_map", elapsed=elapsed, allowed=allowed))
