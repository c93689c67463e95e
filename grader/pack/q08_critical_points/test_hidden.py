"""Hidden properties of Q8: classify_critical_point and escape_direction."""

import numpy as np

from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (PropertyFailed, as_float_array, candidate, expect, expect_raises,
                                 expect_shape, returned)

classify_critical_point = candidate("classify_critical_point")
escape_direction = candidate("escape_direction")

LABELS = ("saddle", "minimum", "maximum", "degenerate")
TOL = 1e-8
ASYMMETRY = 1e-8          # the contract's allowed max|H - H^T|, relative to max(1, max|H|)
# The case a test names, by the kind its eigenvalues make.
MADE_A = {"saddle": N_("a matrix whose eigenvalues make it a saddle"),
          "minimum": N_("a matrix whose eigenvalues make it a minimum"),
          "maximum": N_("a matrix whose eigenvalues make it a maximum"),
          "degenerate": N_("a matrix whose eigenvalues make it a degenerate")}


# -- matrices with chosen eigenvalues ------------------------------------------------------

def _orthogonal(rng, p):
    q, r = np.linalg.qr(rng.standard_normal((p, p)))
    return q * np.sign(np.diag(r))


def _with_eigenvalues(rng, lam):
    """A dense symmetric matrix Q diag(lam) Q^T (exactly symmetric, rotated at random).

    Its rounding error is about 1e-15 * max|lam|, far below every margin the tests use."""
    lam = np.asarray(lam, dtype=np.float64)
    q = _orthogonal(rng, lam.size)
    h = (q * lam) @ q.T
    return (h + h.T) / 2


def _magnitudes(rng, k, lo=0.1, hi=10.0):
    return np.exp(rng.uniform(np.log(lo), np.log(hi), size=k))


def _spectrum(rng, kind, p):
    """Eigenvalues of the given kind, all at least 0.1 away from 0 except the one exact 0
    of a "degenerate" spectrum (whose others share one sign)."""
    mags = _magnitudes(rng, p)
    if kind == "minimum":
        return mags
    if kind == "maximum":
        return -mags
    if kind == "degenerate":
        return np.concatenate([[0.0], mags[1:] * rng.choice([-1.0, 1.0])])
    k = int(rng.integers(1, p))          # saddle: k negative, p - k positive
    return np.concatenate([-mags[:k], mags[k:]])


def _label(outcome):
    value = returned(outcome, "classify_critical_point")
    if type(value) is not str or value not in LABELS:
        raise PropertyFailed(msg("classify_critical_point returned something other than one of the "
                                 "strings 'saddle', 'minimum', 'maximum', 'degenerate'."))
    return value


def _expect_label(outcome, wanted, case):
    got = _label(outcome)
    expect(got == wanted, msg("classify_critical_point returned {got!r} for {case}, which the "
                              "eigenvalue rules do not give.", got=got, case=case))


def _asymmetric(rng, h, size):
    """h plus an antisymmetric perturbation whose largest entry of H - H^T is exactly `size`."""
    p = h.shape[0]
    e = np.zeros_like(h)
    i, j = 0, int(rng.integers(1, p))
    e[i, j] = size / 2
    e[j, i] = -size / 2
    return h + e


def _at_asymmetry_limit(rng, kind, exponent, factor=1.0):
    """A matrix of the given kind whose max|H - H^T| is `factor` times the allowed amount,
    both computed exactly in floating point.

    H is block-diagonal: a rotated block B with eigenvalues of the kind (magnitudes below
    half of 2**exponent) and one diagonal entry of magnitude exactly 2**exponent, so
    max|H| is a power of two and the limit 1e-8 * max(1, max|H|) is exact. The asymmetry
    sits between the two blocks, where the symmetric part is 0: H[0, -1] = s/2 and
    H[-1, 0] = -s/2, with s the limit times `factor`. Reading either triangle or the
    symmetric part moves the eigenvalues by far less than their distance from 0."""
    top = 2.0 ** exponent
    p = int(rng.integers(3, 6))
    lam = _spectrum(rng, kind, p - 1)
    lam = lam / max(1.0, float(np.max(np.abs(lam)))) * (0.45 * top)
    corner = {"minimum": top, "maximum": -top}.get(kind, float(rng.choice([-top, top])))
    if kind == "degenerate":
        corner = top if np.all(lam >= 0) else -top
    h = np.zeros((p, p))
    h[:-1, :-1] = _with_eigenvalues(rng, lam)
    h[-1, -1] = corner
    assert float(np.max(np.abs(h))) == top
    size = ASYMMETRY * max(1.0, top) * factor
    h[0, -1] = size / 2
    h[-1, 0] = -size / 2
    assert float(np.max(np.abs(h - h.T))) == size
    return h


# Shapes that are not one square matrix yet slip past a check of one kind or another:
# (1, 3) and (3, 1) broadcast against their transposes (constant entries make H - H^T
# zero), 1-D arrays have no second axis, and the 3-D arrays equal their full transposes
# and are stacks of square matrices, which np.linalg's eigen-solvers accept.
def _not_one_square_matrix(rng):
    b = rng.standard_normal((2, 2, 2))
    return [rng.standard_normal((2, 3)), rng.standard_normal((3, 1)),
            np.full((1, 3), 0.5), np.full((3, 1), -2.0), rng.standard_normal(3),
            np.full((1, 1, 1), -3.0), np.full((2, 1, 1), -1.5), b + b.T]


# -- classify_critical_point ------------------------------------------------------------------

def test_labels_definite_indefinite_and_singular_matrices(classify_critical_point, rng):
    """Matrices (1 x 1 included) whose eigenvalues are clearly of one sign, of both signs, or include 0 are labelled by the eigenvalue rules."""
    for kind, diag in (("minimum", [2.5]), ("maximum", [-0.75]), ("degenerate", [0.0])):
        _expect_label(classify_critical_point(np.array([diag])), kind, msg("a 1 x 1 matrix"))
    for kind in ("saddle", "minimum", "maximum", "degenerate"):
        for p in (2, 3, int(rng.integers(4, 9)), 40):
            h = _with_eigenvalues(rng, rng.permutation(_spectrum(rng, kind, p)))
            _expect_label(classify_critical_point(h), kind, msg(MADE_A[kind]))
    _expect_label(classify_critical_point(np.zeros((3, 3))), "degenerate", msg("the zero matrix"))


def test_eigenvalues_within_tol_decide_nothing(classify_critical_point, rng):
    """Eigenvalues within tol of 0 leave a saddle a saddle and make a would-be minimum or maximum 'degenerate'."""
    for small in ([0.0], [TOL / 2], [-TOL / 2], [0.0, TOL / 2, -TOL / 2]):
        p = int(rng.integers(2, 6))
        for kind in ("saddle", "minimum", "maximum"):
            lam = _spectrum(rng, kind, p)
            _expect_label(classify_critical_point(_with_eigenvalues(rng, rng.permutation(lam))), kind,
                          msg(MADE_A[kind]))
            h = _with_eigenvalues(rng, rng.permutation(np.concatenate([lam, small])))
            _expect_label(classify_critical_point(h), "saddle" if kind == "saddle" else "degenerate",
                          msg("a matrix with some eigenvalues within tol of 0"))
    h = _with_eigenvalues(rng, rng.permutation([0.0, TOL / 2, -TOL / 2]))
    _expect_label(classify_critical_point(h), "degenerate", msg("a matrix whose eigenvalues are all within tol of 0"))
    _expect_label(classify_critical_point(np.array([[-TOL / 2]])), "degenerate",
                  msg("a 1 x 1 matrix within tol of 0"))


def test_eigenvalues_on_either_side_of_tol(classify_critical_point, rng):
    """Eigenvalues of 1.1, 1.25 or 2 times tol count as beyond tol; tol/2 and exactly +-tol do not."""
    cases = [([2 * TOL, 1.0, 3.0], "minimum"), ([-2 * TOL, -1.0, -0.5], "maximum"),
             ([-2 * TOL, 2 * TOL], "saddle"), ([TOL / 2, 1.0, 2.0], "degenerate"),
             ([-TOL / 2, -1.0], "degenerate"), ([1.25 * TOL, 0.5, 2.0], "minimum"),
             ([-1.25 * TOL, -0.3], "maximum"), ([-1.25 * TOL, 1.25 * TOL, 1.0], "saddle"),
             ([1.25 * TOL, -TOL / 2, 0.7], "degenerate")]
    for lam, kind in cases:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_label(classify_critical_point(h), kind,
                      msg("a matrix with an eigenvalue a little inside or outside tol"))
    # Diagonal matrices: the eigenvalues are exactly the diagonal, so an eigenvalue
    # equal to tol or -tol is decided by the contract's strict inequalities alone.
    diagonal = [([1.0, TOL], "degenerate"), ([-1.0, -TOL], "degenerate"),
                ([TOL, -1.0, -0.5], "degenerate"), ([-TOL, 0.5, 2.0], "degenerate"),
                ([-TOL, TOL], "degenerate"), ([TOL, TOL], "degenerate"),
                ([1.1 * TOL, 1.0], "minimum"), ([-1.1 * TOL, -2.0], "maximum"),
                ([-1.1 * TOL, 1.1 * TOL], "saddle"), ([1.1 * TOL], "minimum"), ([-TOL], "degenerate")]
    for diag, kind in diagonal:
        _expect_label(classify_critical_point(np.diag(diag)), kind,
                      msg("a diagonal matrix with an eigenvalue equal to or a little beyond tol or -tol"))


def test_tol_argument_sets_the_band(classify_critical_point, rng):
    """The tol argument sets the band around 0: eigenvalues inside it decide nothing, those beyond it do."""
    cases = [(0.1, [0.05, 1.0, 3.0], "degenerate"), (0.01, [0.05, 1.0, 3.0], "minimum"),
             (0.1, [-0.05, -1.0], "degenerate"), (0.01, [-0.05, -1.0], "maximum"),
             (0.5, [-0.2, 0.3, 2.0], "degenerate"), (0.1, [-0.2, 0.3, 2.0], "saddle"),
             (1e-3, [-5e-4, 2e-3], "degenerate"), (0.04, [0.05, 1.0, 3.0], "minimum")]
    for tol, lam, kind in cases:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_label(classify_critical_point(h, tol), kind, msg("a matrix classified with a custom tol"))
    _expect_label(classify_critical_point(np.diag([0.25, 1.0]), 0.25), "degenerate",
                  msg("a diagonal matrix with an eigenvalue exactly equal to a custom tol"))


def test_accepts_asymmetry_within_tolerance(classify_critical_point, rng):
    """Asymmetry up to exactly 1e-8 * max(1, max|H|) is accepted and the matrix classified as usual."""
    for kind in ("saddle", "minimum", "maximum", "degenerate"):
        # (Near 0 a tolerated asymmetry can move an eigenvalue by up to half its size,
        # depending on which triangle is read, so degenerate matrices keep it below tol.)
        for scale in ((1e-4, 1.0) if kind == "degenerate" else (1e-4, 1.0, 1000.0)):
            h = _with_eigenvalues(rng, _spectrum(rng, kind, 4)) * scale
            limit = ASYMMETRY * max(1.0, float(np.max(np.abs(h))))
            _expect_label(classify_critical_point(_asymmetric(rng, h, limit / 100)), kind,
                          msg("a matrix whose asymmetry is within the allowed amount"))
        for exponent in (-3, 0, 10):
            _expect_label(classify_critical_point(_at_asymmetry_limit(rng, kind, exponent)), kind,
                          msg("a matrix whose asymmetry is exactly the allowed amount"))


def test_rejects_asymmetric_matrix(classify_critical_point, rng):
    """Asymmetry max|H - H^T| beyond 1e-8 * max(1, max|H|), even just beyond, raises ValueError."""
    for scale in (0.01, 1.0, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = ASYMMETRY * max(1.0, float(np.max(np.abs(h))))
        bad = _asymmetric(rng, h, 100 * limit)
        expect_raises(classify_critical_point(bad), ValueError, "classify_critical_point",
                      msg("for a matrix whose asymmetry is 100 times the allowed amount"))
    for kind, exponent in (("minimum", -3), ("saddle", 0), ("maximum", 10)):
        bad = _at_asymmetry_limit(rng, kind, exponent, factor=1 + 2.0 ** -40)
        expect_raises(classify_critical_point(bad), ValueError, "classify_critical_point",
                      msg("for a matrix whose asymmetry is just beyond the allowed amount"))


def test_rejects_non_square_input(classify_critical_point, rng):
    """An array that is not one square 2-D matrix (non-square, 1-D or 3-D) raises ValueError."""
    for h in _not_one_square_matrix(rng):
        expect_raises(classify_critical_point(h), ValueError, "classify_critical_point",
                      msg("for an input of shape {shape}", shape=str(h.shape)))


# -- escape_direction ----------------------------------------------------------------------------

def _expect_direction(outcome, h, case):
    """A unit vector v of length p with v^T H v equal to lambda_min (any sign, any basis)."""
    value = returned(outcome, "escape_direction")
    expect(value is not None, msg("escape_direction returned None for {case}, which has an "
                                  "eigenvalue below -tol.", case=case))
    v = as_float_array(value, msg("the escape direction"))
    expect_shape(v, (h.shape[0],), msg("the escape direction"))
    expect(bool(np.all(np.isfinite(v))), msg("the escape direction has non-finite entries."))
    v = v.astype(np.float64)
    norm = float(np.linalg.norm(v))
    expect(abs(norm - 1.0) <= 1e-8, msg("the escape direction for {case} is not a unit vector "
                                        "(its norm is {norm:.6g}).", case=case, norm=norm))
    hs = (h + h.T) / 2
    lam = np.linalg.eigvalsh(hs)
    curvature = float(v @ hs @ v)
    expect(abs(curvature - lam[0]) <= 1e-8 * max(1.0, float(np.max(np.abs(lam)))),
           msg("the escape direction for {case} does not have the smallest curvature: v^T H v differs "
               "from the smallest eigenvalue.", case=case))


def _expect_none(outcome, case):
    value = returned(outcome, "escape_direction")
    expect(value is None, msg("escape_direction returned a value for {case}, which has no eigenvalue "
                              "below -tol; expected None.", case=case))


def test_unit_vector_of_smallest_curvature(escape_direction, rng):
    """At saddles and maxima (1 x 1 included) it returns a unit vector v with v^T H v the smallest eigenvalue, at minima None."""
    _expect_direction(escape_direction(np.array([[-1.5]])), np.array([[-1.5]]), msg("a 1 x 1 maximum"))
    _expect_none(escape_direction(np.array([[0.5]])), msg("a 1 x 1 minimum"))
    for kind in ("saddle", "minimum", "saddle", "maximum"):
        for p in (2, int(rng.integers(3, 9)), 30):
            lam = _spectrum(rng, kind, p)
            h = _with_eigenvalues(rng, lam * float(rng.choice([0.01, 1.0, 100.0])))
            if kind == "minimum":
                _expect_none(escape_direction(h), msg("a minimum"))
            else:
                _expect_direction(escape_direction(h), h, msg(N_("a saddle") if kind == "saddle"
                                                              else N_("a maximum")))


def test_repeated_smallest_eigenvalue(escape_direction, rng):
    """A repeated smallest eigenvalue below -tol gives any unit vector of its eigenspace; one at or above 0 gives None."""
    for mult in (2, 3):
        low = -float(_magnitudes(rng, 1)[0])
        lam = np.concatenate([np.full(mult, low), _magnitudes(rng, 3), [low / 3]])
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_direction(escape_direction(h), h, msg("a matrix whose smallest eigenvalue is repeated"))
        lam = np.concatenate([np.full(mult, -low), _magnitudes(rng, 3) - low])
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_none(escape_direction(h), msg("a matrix whose positive smallest eigenvalue is repeated"))
    h = np.diag([-2.0, 1.0, -2.0, 3.0])
    _expect_direction(escape_direction(h), h, msg("a diagonal matrix whose smallest eigenvalue is repeated"))
    _expect_none(escape_direction(np.diag([0.0, 1.0, 0.0])),
                 msg("a diagonal matrix whose smallest eigenvalue 0 is repeated"))


def test_direction_exactly_when_smallest_eigenvalue_below_minus_tol(escape_direction, rng):
    """It returns a direction when lambda_min < -tol (even -1.1*tol) and None when lambda_min >= -tol (-tol exactly, -tol/2, 0 or more)."""
    spectra = [(_magnitudes(rng, 4), False), (np.concatenate([[0.0, 0.0], _magnitudes(rng, 3)]), False),
               (np.concatenate([[-TOL / 2], _magnitudes(rng, 3)]), False), ([-TOL / 2, 0.0, TOL / 2], False),
               ([-2 * TOL, 1.0, 2.5], True), ([-2 * TOL, TOL / 2, 0.3], True),
               ([-2 * TOL, -2 * TOL, 4.0], True), ([-1.25 * TOL, 0.5, 1.5], True),
               ([-1.25 * TOL, -TOL / 2, 2.0], True)]
    for lam, below in spectra:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        if below:
            _expect_direction(escape_direction(h), h, msg("a matrix whose smallest eigenvalue is a little below -tol"))
        else:
            _expect_none(escape_direction(h), msg("a matrix whose smallest eigenvalue is >= -tol"))
    for diag in ([-TOL, 1.0, 2.0], [3.0, -TOL], [0.0, 0.0], [-TOL]):
        _expect_none(escape_direction(np.diag(diag)),
                     msg("a diagonal matrix whose smallest eigenvalue is exactly -tol or 0"))
    for diag in ([-1.1 * TOL, 1.0, 2.0], [3.0, -1.1 * TOL], [-1.1 * TOL]):
        h = np.diag(diag)
        _expect_direction(escape_direction(h), h, msg("a diagonal matrix whose smallest eigenvalue is a little below -tol"))


def test_tol_argument_decides_between_none_and_a_direction(escape_direction, rng):
    """The tol argument decides: None when lambda_min >= -tol, a direction when lambda_min < -tol."""
    lam = [-0.25, 1.0, 2.0]
    h = _with_eigenvalues(rng, rng.permutation(lam))
    _expect_none(escape_direction(h, 0.5), msg("a matrix whose smallest eigenvalue is above -tol (custom tol)"))
    _expect_direction(escape_direction(h, 0.1), h, msg("a matrix whose smallest eigenvalue is below -tol (custom tol)"))
    _expect_direction(escape_direction(h, 0.2), h, msg("a matrix whose smallest eigenvalue is below -tol (custom tol)"))
    _expect_none(escape_direction(np.diag([-0.25, 1.0]), 0.25),
                 msg("a diagonal matrix whose smallest eigenvalue is exactly -tol (custom tol)"))


def test_direction_despite_asymmetry_within_tolerance(escape_direction, rng):
    """Asymmetry up to exactly 1e-8 * max(1, max|H|) is accepted: a valid direction, or None, comes back."""
    for scale in (1e-4, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = ASYMMETRY * max(1.0, float(np.max(np.abs(h))))
        h2 = _asymmetric(rng, h, limit / 100)
        _expect_direction(escape_direction(h2), h2, msg("a saddle whose asymmetry is within the allowed amount"))
    h = _with_eigenvalues(rng, _magnitudes(rng, 3))
    _expect_none(escape_direction(_asymmetric(rng, h, 1e-10)),
                 msg("a minimum whose asymmetry is within the allowed amount"))
    for kind, exponent in (("saddle", 0), ("maximum", 10), ("saddle", -3), ("minimum", 10),
                           ("degenerate", 0)):
        h = _at_asymmetry_limit(rng, kind, exponent)
        lam_min = float(np.linalg.eigvalsh((h + h.T) / 2)[0])
        if lam_min < -1e-6:
            _expect_direction(escape_direction(h), h, msg("a matrix whose asymmetry is exactly the allowed amount"))
        else:
            _expect_none(escape_direction(h), msg("a matrix without negative curvature whose asymmetry "
                                              "is exactly the allowed amount"))


def test_rejects_invalid_hessian(escape_direction, rng):
    """Input that is not one square 2-D matrix, or asymmetry beyond 1e-8 * max(1, max|H|), raises ValueError."""
    for h in _not_one_square_matrix(rng):
        expect_raises(escape_direction(h), ValueError, "escape_direction",
                      msg("for an input of shape {shape}", shape=str(h.shape)))
    for scale in (0.01, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = ASYMMETRY * max(1.0, float(np.max(np.abs(h))))
        expect_raises(escape_direction(_asymmetric(rng, h, 100 * limit)), ValueError,
                      "escape_direction", msg("for a matrix whose asymmetry is 100 times the allowed amount"))
    for kind, exponent in (("saddle", -3), ("maximum", 0), ("minimum", 10)):
        bad = _at_asymmetry_limit(rng, kind, exponent, factor=1 + 2.0 ** -40)
        expect_raises(escape_direction(bad), ValueError, "escape_direction",
                      msg("for a matrix whose asymmetry is just beyond the allowed amount"))
