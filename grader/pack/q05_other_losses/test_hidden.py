"""Hidden properties of Q5: is_monotone_transform and flat_fraction."""

import numpy as np

from gdgrade.i18n import msg
from gdgrade.pack.shared import (as_bool, as_float, candidate, candidate_cpu_seconds, expect, expect_raises,
                                 reference_cpu_seconds, returned)
from gdgrade.reference import q05_other_losses as ref

is_monotone_transform = candidate("is_monotone_transform")
flat_fraction = candidate("flat_fraction")


# -- is_monotone_transform ------------------------------------------------------------------------

def _heights(rng, shape, ties=True):
    """Z_a of the given shape: random reals, or values on a coarse grid with many ties."""
    size = int(np.prod(shape))
    if ties:
        return (rng.integers(0, max(2, size // 3), size=shape) * 0.25 - 3.0).astype(np.float64)
    return rng.standard_normal(shape)


def _through(Z_a, levels):
    """g(Z_a) for the function g taking the k-th smallest distinct value of Z_a to levels[k]."""
    distinct = np.unique(Z_a)
    return np.asarray(levels, dtype=np.float64)[np.searchsorted(distinct, Z_a)]


def _verdict(outcome):
    return as_bool(returned(outcome, "is_monotone_transform"), msg("the result of {fn}", fn="is_monotone_transform"))


def _by_definition(Z_a, Z_b):
    """The contract's clause over every pair p, q (O(N^2): small arrays only)."""
    a, b = Z_a.ravel(), Z_b.ravel()
    below = a[:, None] < a[None, :]
    same = a[:, None] == a[None, :]
    return not (np.any(below & (b[:, None] > b[None, :])) or np.any(same & (b[:, None] != b[None, :])))


def _expect_verdict(is_monotone_transform, Z_a, Z_b, wanted, case):
    if bool(ref.is_monotone_transform(Z_a, Z_b)) != wanted or (Z_a.size <= 2000
                                                               and _by_definition(Z_a, Z_b) != wanted):
        raise RuntimeError(f"the reference or the definition disagrees on {case}")
    got = _verdict(is_monotone_transform(Z_a, Z_b))
    expect(got == wanted, msg("{fn} returned {got} for {case}; expected {wanted}.", fn="is_monotone_transform",
                              got=got, case=case, wanted=wanted))


def test_increasing_maps_give_true_decreasing_or_swapped_give_false(is_monotone_transform, rng):
    """Z_b = g(Z_a) for increasing g (sqrt as RMSE vs MSE, affine, any increasing table) gives True;
    a decreasing map, or an increasing one with a single pair of values swapped, gives False."""
    for shape in ((40,), (9, 13)):
        for ties in (False, True):
            Z_a = _heights(rng, shape, ties)
            if ties:
                # A few values that occur once, between the tied levels.
                spots = rng.choice(Z_a.size, size=4, replace=False)
                Z_a.ravel()[spots] = rng.choice(Z_a.size, size=4, replace=False) * 0.25 - 2.875
            mse = Z_a * Z_a + 0.5
            _expect_verdict(is_monotone_transform, mse, np.sqrt(mse), True,
                            msg("an RMSE surface against its MSE surface"))
            _expect_verdict(is_monotone_transform, Z_a, -Z_a, False, msg("a surface and its negative"))
            _expect_verdict(is_monotone_transform, Z_a, 2.5 * Z_a + 1.0, True,
                            msg("a surface and an increasing affine map of it"))
            _expect_verdict(is_monotone_transform, Z_a, 5.0 - 0.5 * Z_a, False,
                            msg("a surface and a decreasing affine map of it"))
            distinct, counts = np.unique(Z_a, return_counts=True)
            levels = np.cumsum(rng.uniform(0.1, 1.0, size=distinct.size))
            Z_b = _through(Z_a, levels)
            _expect_verdict(is_monotone_transform, Z_a, Z_b, True,
                            msg("a surface and a strictly increasing function of it"))
            # Swap g at two positions whose Z_a values occur once each: only the order clause breaks.
            single = np.flatnonzero(np.isin(Z_a.ravel(), distinct[counts == 1]))
            p, q = rng.choice(single, size=2, replace=False)
            flat = Z_b.ravel().copy()
            flat[[p, q]] = flat[[q, p]]
            _expect_verdict(is_monotone_transform, Z_a, flat.reshape(shape), False,
                            msg("a monotone pair of surfaces with two values swapped"))
            _expect_verdict(is_monotone_transform, Z_a, Z_a.copy(), True, msg("two equal surfaces"))


def test_plateaus_give_true_a_single_dip_gives_false(is_monotone_transform, rng):
    """Non-decreasing g with plateaus (floor, clip, a constant, repeated levels) gives True; the same
    surfaces with one value lowered below a level that comes earlier along Z_a give False."""

    def dipped(Z_a, Z_b):
        """Z_b with the value at the position of the largest Z_a set below every other value."""
        out = Z_b.copy()
        out.ravel()[int(np.argmax(Z_a))] = float(Z_b.min()) - 1.0
        return out

    for shape in ((60,), (8, 11)):
        Z_a = _heights(rng, shape, ties=False)
        for Z_b, what in ((np.floor(2.0 * Z_a), msg("its floor (terraces)")),
                          (np.clip(Z_a, -0.5, 0.5), msg("a clipped copy of it")),
                          (np.full(shape, 7.0), msg("a constant surface"))):
            _expect_verdict(is_monotone_transform, Z_a, Z_b, True, msg("a surface and {what}", what=what))
            _expect_verdict(is_monotone_transform, Z_a, dipped(Z_a, Z_b), False,
                            msg("a surface and {what} with one value lowered", what=what))
        # A constant surface with one value raised: True where Z_a is largest, False elsewhere.
        bump = np.full(shape, 7.0)
        top, low = int(np.argmax(Z_a)), int(np.argmin(Z_a))
        bump.ravel()[top] = 8.0
        _expect_verdict(is_monotone_transform, Z_a, bump, True,
                        msg("a surface and a constant raised where the surface is highest"))
        bump.ravel()[[top, low]] = [7.0, 8.0]
        _expect_verdict(is_monotone_transform, Z_a, bump, False,
                        msg("a surface and a constant raised where the surface is lowest"))
        Z_a = _heights(rng, shape, ties=True)
        levels = np.sort(rng.integers(0, 4, size=np.unique(Z_a).size)).astype(np.float64)
        Z_b = _through(Z_a, levels)
        _expect_verdict(is_monotone_transform, Z_a, Z_b, True,
                        msg("a surface with ties and a non-decreasing function of it with plateaus"))
        # Lower every position of the highest tie level: still a function of Z_a, no longer monotone.
        Z_b[Z_a == Z_a.max()] = levels.min() - 1.0
        _expect_verdict(is_monotone_transform, Z_a, Z_b, False,
                        msg("a surface with ties and a function of it that falls at its top level"))


def _tie_groups(Z_a):
    """Flat indices of every value of Z_a that occurs at least twice, in position order."""
    flat = Z_a.ravel()
    distinct, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    return [np.flatnonzero(inverse == k) for k in np.flatnonzero(counts >= 2)], distinct, inverse


def test_equal_z_a_needs_equal_z_b(is_monotone_transform, rng):
    """Equal Z_a with unequal Z_b gives False, even when Z_b never decreases along Z_a; equal Z_b
    on every tie gives True."""
    for shape in ((50,), (6, 10), (3, 4, 5)):
        Z_a = _heights(rng, shape, ties=True)
        groups, distinct, inverse = _tie_groups(Z_a)
        levels = np.arange(distinct.size, dtype=np.float64)
        _expect_verdict(is_monotone_transform, Z_a, levels[inverse].reshape(shape), True,
                        msg("surfaces where equal Z_a values carry equal Z_b values"))
        for pick, sign in ((-1, 1.0), (0, -1.0), (-1, -1.0), (0, 1.0)):
            # Move one member of a tie group a quarter of the way towards the next level
            # (up for the last member by position, down for the first): Z_b sorted along Z_a,
            # ties broken by position or by Z_b, still never decreases.
            group = groups[int(rng.integers(0, len(groups)))]
            Z_b = levels[inverse].copy()
            Z_b[group[pick]] += 0.25 * sign
            _expect_verdict(is_monotone_transform, Z_a, Z_b.reshape(shape), False,
                            msg("surfaces where equal Z_a values carry different Z_b values"))


def test_any_dimension(is_monotone_transform, rng):
    """1-D, 2-D and 3-D arrays of the same shape are compared position by position."""
    for shape in ((17,), (4, 6), (3, 4, 5), (2, 3, 2, 2)):
        Z_a = _heights(rng, shape, ties=True)
        Z_b = np.sqrt(Z_a + 4.0)
        _expect_verdict(is_monotone_transform, Z_a, Z_b, True,
                        msg("a {d}-D surface and an increasing function of it", d=len(shape)))
        # Same values at other positions: the elementwise relation breaks.
        _expect_verdict(is_monotone_transform, Z_a, np.flip(Z_b), False,
                        msg("a {d}-D surface and an increasing function of it, reversed", d=len(shape)))


def test_one_and_two_element_arrays(is_monotone_transform, rng):
    """A single point gives True; two points give True iff Z_b keeps their order (or their tie), in
    either order of Z_a and for an equal pair."""
    lo, hi = np.sort(rng.uniform(-2.0, 2.0, size=2))
    b_lo, b_hi = np.sort(rng.uniform(-2.0, 2.0, size=2))
    x, y = (float(v) for v in rng.uniform(-2.0, 2.0, size=2))
    for shape in ((1,), (1, 1)):
        _expect_verdict(is_monotone_transform, np.full(shape, x), np.full(shape, y), True,
                        msg("a single point"))
    pairs = [((lo, hi), (b_lo, b_hi), True), ((lo, hi), (b_hi, b_lo), False),
             ((hi, lo), (b_hi, b_lo), True), ((hi, lo), (b_lo, b_hi), False),
             ((lo, lo), (b_hi, b_hi), True), ((lo, lo), (b_lo, b_hi), False), ((hi, hi), (b_hi, b_lo), False),
             ((lo, hi), (b_lo, b_lo), True), ((hi, lo), (b_hi, b_hi), True)]
    for shape in ((2,), (1, 2), (2, 1)):
        for a, b, wanted in pairs:
            _expect_verdict(is_monotone_transform, np.reshape(a, shape), np.reshape(b, shape), wanted,
                            msg("two points with equal Z_a") if a[0] == a[1] else msg("two points"))


def test_rejects_different_shapes(is_monotone_transform, rng):
    """Arrays of different shapes raise ValueError, also when they hold as many elements."""
    for sa, sb in (((6,), (2, 3)), ((4, 5), (5, 4)), ((10,), (11,)), ((2, 3, 4), (2, 3, 4, 1))):
        outcome = is_monotone_transform(rng.standard_normal(sa), rng.standard_normal(sb))
        expect_raises(outcome, ValueError, "is_monotone_transform",
                      msg("for shapes {a} and {b}", a=str(sa), b=str(sb)))


MILLION = (1000, 1000)


def test_million_points_in_n_log_n(is_monotone_transform, rng):
    """On 10^6 points with ties it answers correctly within max(30x the reference's CPU time, reference + 3 s)."""
    levels = 40_000
    codes = rng.integers(0, levels, size=MILLION)
    Z_a = codes * 0.5 - 7.0
    Z_b = np.cumsum(rng.integers(0, 3, size=levels)).astype(np.float64)[codes]   # with plateaus
    # The reference's CPU time first: it sets the candidate's limit. CPU time, not wall
    # time, so that questions graded at the same time on the other cores change nothing.
    wanted, t_ref = reference_cpu_seconds(ref.is_monotone_transform, Z_a, Z_b)
    if not wanted:
        raise RuntimeError("the reference rejects the large monotone case")
    allowed = max(30.0 * t_ref, t_ref + 3.0)
    outcome = is_monotone_transform.with_timeout(allowed + 2.0).timed(Z_a, Z_b)
    elapsed = candidate_cpu_seconds(outcome) if outcome.raised is None else 0.0
    got = _verdict(outcome)
    expect(elapsed <= allowed,
           msg("{fn} took {elapsed:.1f} s of CPU time on 10^6 points; the limit is {allowed:.1f} s: "
               "sort once (O(N log N)) instead of comparing pairs.", fn="is_monotone_transform", elapsed=elapsed,
               allowed=allowed))
    expect(got, msg("{fn} returned False for 10^6 points where Z_b is a non-decreasing function of Z_a.",
                    fn="is_monotone_transform"))


# -- flat_fraction ----------------------------------------------------------------------------------

def _flat_count(Z):
    """The number of interior points equal (==) to all four axis neighbours, by the definition."""
    r, c = Z.shape
    count = 0
    for a in range(1, r - 1):
        row, up, down = Z[a], Z[a - 1], Z[a + 1]
        same = (up[1:-1] == row[1:-1]) & (down[1:-1] == row[1:-1]) \
            & (row[:-2] == row[1:-1]) & (row[2:] == row[1:-1])
        count += int(np.count_nonzero(same))
    return count


def _expect_fraction(flat_fraction, Z, case):
    count, size = _flat_count(Z), (Z.shape[0] - 2) * (Z.shape[1] - 2)
    if abs(ref.flat_fraction(Z) * size - count) > 1e-6:
        raise RuntimeError(f"the reference disagrees on {case}")
    value = as_float(returned(flat_fraction(Z), "flat_fraction"), msg("the result of {fn}", fn="flat_fraction"))
    # Fractions k / size are 1 / size apart: a quarter of that accepts any float rounding.
    expect(abs(value * size - count) < 0.25,
           msg("{fn} returned {value:.4g}, which is not the share of flat interior points of {case}.",
               fn="flat_fraction", value=value, case=case))
    return count / size


def _grid(r, c, lo=-2.0, hi=2.0):
    return np.linspace(lo, hi, r)[:, None], np.linspace(lo, hi, c)[None, :]


def test_terraced_surfaces(flat_fraction, rng):
    """Terraced surfaces (0-1 loss of a classifier, floor of a smooth surface) give the exact flat share."""
    n = 10
    X = rng.standard_normal((n, 3))
    labels = (X @ rng.standard_normal(3) + 0.3 * rng.standard_normal(n)) > 0
    w1, w2 = _grid(33, 27, -3.0, 3.0)
    # 0-1 loss of a linear classifier over two of its weights, the third fixed.
    scores = w1[..., None] * X[:, 0] + w2[..., None] * X[:, 1] + 0.7 * X[:, 2]
    zero_one = np.mean((scores > 0) != labels, axis=-1)
    share = _expect_fraction(flat_fraction, zero_one, msg("the 0-1 loss surface of a classifier"))
    if not 0.2 < share < 1.0:
        raise RuntimeError("the 0-1 loss surface is not terraced enough")
    x, y = _grid(30, 24)
    smooth = np.sin(1.3 * x + 0.4) * np.cos(0.9 * y) + 0.3 * x * y
    for k in (2.0, 5.0):
        _expect_fraction(flat_fraction, np.floor(k * smooth), msg("the floor of a smooth surface"))


def test_smooth_surfaces_have_no_flat_points_clipped_ones_do(flat_fraction, rng):
    """Smooth, non-constant surfaces (RMSE-like bowls, waves) give 0.0; the same surfaces clipped
    at a level (a flat floor or ceiling) give the exact share of the plateau's flat points."""
    for r, c in ((12, 12), (9, 20)):
        x, y = _grid(r, c)
        a, b = rng.uniform(0.5, 2.0, size=2)
        for Z in (np.sqrt(a * (x - 0.3) ** 2 + b * y * y + 0.1), np.sin(a * x) + np.cos(b * y) + x * y):
            share = _expect_fraction(flat_fraction, Z, msg("a smooth surface"))
            if share != 0.0:
                raise RuntimeError("a smooth test surface has flat points")
            low, high = np.quantile(Z, [0.4, 0.6])
            for clipped in (np.maximum(Z, low), np.minimum(Z, high)):
                share = _expect_fraction(flat_fraction, clipped, msg("a smooth surface clipped at a level"))
                if share == 0.0:
                    raise RuntimeError("a clipped test surface has no flat points")


def test_exact_equality_one_ulp_breaks_flatness(flat_fraction, rng):
    """A neighbour one unit in the last place away is not equal: exact ==, no tolerance."""
    for value in (0.5, 1e6, -3.25):
        Z = np.full((7, 8), value)
        a, b = int(rng.integers(2, 5)), int(rng.integers(2, 6))
        Z[a, b] = np.nextafter(value, np.inf)
        share = _expect_fraction(flat_fraction, Z, msg("a constant surface with one value moved by one ulp"))
        expect(share < 1.0, msg("{fn} treated values one ulp apart as equal.", fn="flat_fraction"))
    Z = np.zeros((4, 4))
    Z[0, 1] = 1.0
    _expect_fraction(flat_fraction, Z, msg("the example of the docstring"))
    # A plateau whose values alternate between two neighbouring floats: nothing is flat.
    r, c = 6, 9
    parity = (np.arange(r)[:, None] + np.arange(c)[None, :]) % 2
    Z = np.where(parity == 0, 2.0, np.nextafter(2.0, 3.0))
    _expect_fraction(flat_fraction, Z, msg("a surface alternating between two neighbouring floats"))


def test_only_axis_neighbours_count(flat_fraction, rng):
    """Diagonal neighbours and the four corners of the grid do not affect flatness."""
    for r, c in ((5, 5), (8, 6)):
        Z = np.full((r, c), 1.5)
        for a, b in ((0, 0), (0, c - 1), (r - 1, 0), (r - 1, c - 1)):
            Z[a, b] = float(rng.integers(2, 9))
        share = _expect_fraction(flat_fraction, Z, msg("a constant surface whose four corners differ"))
        expect(share == 1.0, msg("{fn} counted a diagonal neighbour (a corner of the grid).", fn="flat_fraction"))
    Z = np.full((9, 9), -1.0)
    for a, b in ((2, 2), (6, 5), (4, 7)):
        Z[a, b] = 4.0       # its diagonal neighbours stay flat, its axis neighbours do not
    _expect_fraction(flat_fraction, Z, msg("a constant surface with a few isolated bumps"))


def test_non_square_grids(flat_fraction, rng):
    """Grids with r != c (as thin as 3 wide) give the share of the (r-2)(c-2) interior points."""
    for r, c in ((3, 11), (14, 3), (6, 9), (3, 3)):
        Z = np.floor(rng.uniform(0.0, 1.0, size=(r, c)) + 0.8)   # about 80% ones, 20% zeros
        _expect_fraction(flat_fraction, Z, msg("a random terraced {r} x {c} grid", r=r, c=c))
        _expect_fraction(flat_fraction, np.full((r, c), 2.0), msg("a constant {r} x {c} grid", r=r, c=c))


def test_rejects_non_2d_or_small(flat_fraction, rng):
    """Z that is not 2-D or has a side below 3 raises ValueError."""
    for shape in ((9,), (4, 4, 4), (2, 5), (5, 2), (2, 2), (1, 9)):
        expect_raises(flat_fraction(np.zeros(shape)), ValueError, "flat_fraction",
                      msg("for Z of shape {shape}", shape=str(shape)))
