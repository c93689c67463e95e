"""Hidden properties of Q8: classify_critical_point and escape_direction."""

import numpy as np

from gdgrade.hidden.checks import (PropertyFailed, as_float_array, expect, expect_raises,
                                   expect_shape, returned)
from gdgrade.hidden.conftest import candidate

classify_critical_point = candidate("classify_critical_point")
escape_direction = candidate("escape_direction")

LABELS = ("saddle", "minimum", "maximum", "degenerate")
TOL = 1e-8


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
    """Eigenvalues of one of the three clear-cut kinds, all at least 0.1 away from 0."""
    mags = _magnitudes(rng, p)
    if kind == "minimum":
        return mags
    if kind == "maximum":
        return -mags
    k = int(rng.integers(1, p))          # saddle: k negative, p - k positive
    return np.concatenate([-mags[:k], mags[k:]])


def _label(outcome):
    value = returned(outcome, "classify_critical_point")
    if type(value) is not str or value not in LABELS:
        raise PropertyFailed("classify_critical_point returned something other than one of the "
                             "strings 'saddle', 'minimum', 'maximum', 'degenerate'.")
    return value


def _expect_label(outcome, wanted, case):
    got = _label(outcome)
    expect(got == wanted, f"classify_critical_point returned {got!r} for {case}, which the "
                          "eigenvalue rules do not give.")


def _asymmetric(rng, h, size):
    """h plus an antisymmetric perturbation whose largest entry of H - H^T is exactly `size`."""
    p = h.shape[0]
    e = np.zeros_like(h)
    i, j = 0, int(rng.integers(1, p))
    e[i, j] = size / 2
    e[j, i] = -size / 2
    return h + e


# -- classify_critical_point ------------------------------------------------------------------

def test_labels_definite_and_indefinite_matrices(classify_critical_point, rng):
    """Rotated matrices with eigenvalues clearly of one sign or both are 'minimum', 'maximum' or 'saddle'."""
    for kind in ("saddle", "minimum", "maximum"):
        for p in (2, 3, int(rng.integers(4, 9)), 40):
            h = _with_eigenvalues(rng, _spectrum(rng, kind, p))
            _expect_label(classify_critical_point(h), kind,
                          f"a matrix whose eigenvalues make it a {kind}")


def test_saddle_even_with_near_zero_eigenvalues(classify_critical_point, rng):
    """Eigenvalues below -tol and above tol make a 'saddle' even when others lie within tol of 0."""
    for small in ([0.0], [TOL / 2], [-TOL / 2], [0.0, TOL / 2, -TOL / 2]):
        p = int(rng.integers(2, 6))
        lam = np.concatenate([_spectrum(rng, "saddle", p), small])
        h = _with_eigenvalues(rng, lam)
        _expect_label(classify_critical_point(h), "saddle",
                      "a matrix with eigenvalues of both signs beyond tol and some within tol of 0")


def test_eigenvalue_within_tol_is_degenerate(classify_critical_point, rng):
    """A matrix with an eigenvalue within tol of 0 and no eigenvalues of both signs is 'degenerate'."""
    cases = []
    for small in ([0.0], [TOL / 2], [-TOL / 2], [TOL / 2, -TOL / 2]):
        p = int(rng.integers(1, 5))
        cases.append(np.concatenate([_magnitudes(rng, p), small]))
        cases.append(np.concatenate([-_magnitudes(rng, p), small]))
    cases.append(np.array([0.0, TOL / 2, -TOL / 2]))
    for lam in cases:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_label(classify_critical_point(h), "degenerate",
                      "a matrix with an eigenvalue within tol of 0 and no eigenvalues of both signs")
    _expect_label(classify_critical_point(np.zeros((3, 3))), "degenerate", "the zero matrix")


def test_eigenvalues_on_either_side_of_tol(classify_critical_point, rng):
    """Eigenvalues of 2*tol count as beyond tol, eigenvalues of tol/2 and exactly +-tol do not."""
    beyond = [([2 * TOL, 1.0, 3.0], "minimum"), ([-2 * TOL, -1.0, -0.5], "maximum"),
              ([-2 * TOL, 2 * TOL], "saddle"), ([TOL / 2, 1.0, 2.0], "degenerate"),
              ([-TOL / 2, -1.0], "degenerate")]
    for lam, kind in beyond:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_label(classify_critical_point(h), kind,
                      "a matrix with an eigenvalue a factor 2 inside or outside tol")
    # Diagonal matrices: the eigenvalues are exactly the diagonal, so an eigenvalue
    # equal to tol or -tol is decided by the contract's strict inequalities alone.
    on_boundary = [[1.0, TOL], [-1.0, -TOL], [TOL, -1.0, -0.5], [-TOL, 0.5, 2.0], [-TOL, TOL], [TOL, TOL]]
    for diag in on_boundary:
        _expect_label(classify_critical_point(np.diag(diag)), "degenerate",
                      "a diagonal matrix with an eigenvalue exactly equal to tol or -tol")


def test_custom_tol(classify_critical_point, rng):
    """The tol argument sets the band around 0: eigenvalues inside it decide nothing."""
    cases = [(0.1, [0.05, 1.0, 3.0], "degenerate"), (0.01, [0.05, 1.0, 3.0], "minimum"),
             (0.1, [-0.05, -1.0], "degenerate"), (0.01, [-0.05, -1.0], "maximum"),
             (0.5, [-0.2, 0.3, 2.0], "degenerate"), (0.1, [-0.2, 0.3, 2.0], "saddle"),
             (1e-3, [-5e-4, 2e-3], "degenerate")]
    for tol, lam, kind in cases:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_label(classify_critical_point(h, tol), kind, "a matrix classified with a custom tol")
    _expect_label(classify_critical_point(np.diag([0.25, 1.0]), 0.25), "degenerate",
                  "a diagonal matrix with an eigenvalue exactly equal to a custom tol")


def test_rejects_asymmetric_matrix(classify_critical_point, rng):
    """Asymmetry max|H - H^T| beyond 1e-8 * max(1, max|H|) raises ValueError."""
    for scale in (0.01, 1.0, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = 1e-8 * max(1.0, float(np.max(np.abs(h))))
        bad = _asymmetric(rng, h, 100 * limit)
        expect_raises(classify_critical_point(bad), ValueError, "classify_critical_point",
                      "for a matrix whose asymmetry is 100 times the allowed amount")


def test_accepts_asymmetry_within_tolerance(classify_critical_point, rng):
    """Asymmetry below 1e-8 * max(1, max|H|) is accepted and the matrix classified as usual."""
    for kind in ("saddle", "minimum", "maximum"):
        for scale in (1e-4, 1.0, 1000.0):
            h = _with_eigenvalues(rng, _spectrum(rng, kind, 4)) * scale
            limit = 1e-8 * max(1.0, float(np.max(np.abs(h))))
            _expect_label(classify_critical_point(_asymmetric(rng, h, limit / 100)), kind,
                          "a matrix whose asymmetry is within the allowed amount")


def test_rejects_non_square_input(classify_critical_point, rng):
    """A non-square 2-D array or a 1-D array raises ValueError."""
    for shape in ((2, 3), (3, 1), (3,)):
        outcome = classify_critical_point(rng.standard_normal(shape))
        expect_raises(outcome, ValueError, "classify_critical_point", f"for an input of shape {shape}")


# -- escape_direction ----------------------------------------------------------------------------

def _expect_direction(outcome, h, case):
    """A unit vector v of length p with v^T H v equal to lambda_min (any sign, any basis)."""
    value = returned(outcome, "escape_direction")
    expect(value is not None, f"escape_direction returned None for {case}, which has an "
                              "eigenvalue below -tol.")
    v = as_float_array(value, "the escape direction")
    expect_shape(v, (h.shape[0],), "the escape direction")
    expect(bool(np.all(np.isfinite(v))), "the escape direction has non-finite entries.")
    v = v.astype(np.float64)
    norm = float(np.linalg.norm(v))
    expect(abs(norm - 1.0) <= 1e-8, f"the escape direction for {case} is not a unit vector "
                                    f"(its norm is {norm:.6g}).")
    hs = (h + h.T) / 2
    lam = np.linalg.eigvalsh(hs)
    curvature = float(v @ hs @ v)
    expect(abs(curvature - lam[0]) <= 1e-8 * max(1.0, float(np.max(np.abs(lam)))),
           f"the escape direction for {case} does not have the smallest curvature: v^T H v differs "
           "from the smallest eigenvalue.")


def _expect_none(outcome, case):
    value = returned(outcome, "escape_direction")
    expect(value is None, f"escape_direction returned a value for {case}, which has no eigenvalue "
                          "below -tol; expected None.")


def test_unit_vector_of_smallest_curvature(escape_direction, rng):
    """At saddles and maxima it returns a unit vector v with v^T H v equal to the smallest eigenvalue."""
    for kind in ("saddle", "saddle", "maximum"):
        for p in (2, int(rng.integers(3, 9)), 30):
            lam = _spectrum(rng, kind, p)
            h = _with_eigenvalues(rng, lam * float(rng.choice([0.01, 1.0, 100.0])))
            _expect_direction(escape_direction(h), h, f"a {kind}")


def test_repeated_smallest_eigenvalue(escape_direction, rng):
    """When the smallest eigenvalue is repeated, any unit vector of its eigenspace is accepted."""
    for mult in (2, 3):
        low = -float(_magnitudes(rng, 1)[0])
        lam = np.concatenate([np.full(mult, low), _magnitudes(rng, 3), [low / 3]])
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_direction(escape_direction(h), h, "a matrix whose smallest eigenvalue is repeated")
    h = np.diag([-2.0, 1.0, -2.0, 3.0])
    _expect_direction(escape_direction(h), h, "a diagonal matrix whose smallest eigenvalue is repeated")


def test_none_without_curvature_below_minus_tol(escape_direction, rng):
    """It returns None when lambda_min >= -tol: minima, PSD matrices, lambda_min = -tol/2 or exactly -tol."""
    spectra = [_magnitudes(rng, 4), np.concatenate([[0.0, 0.0], _magnitudes(rng, 3)]),
               np.concatenate([[-TOL / 2], _magnitudes(rng, 3)]), [-TOL / 2, 0.0, TOL / 2]]
    for lam in spectra:
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_none(escape_direction(h), "a matrix whose smallest eigenvalue is >= -tol")
    for diag in ([-TOL, 1.0, 2.0], [3.0, -TOL], [0.0, 0.0]):
        _expect_none(escape_direction(np.diag(diag)),
                     "a diagonal matrix whose smallest eigenvalue is exactly -tol or 0")


def test_escapes_just_below_minus_tol(escape_direction, rng):
    """A smallest eigenvalue of -2*tol (others positive or within tol) still gives an escape direction."""
    for lam in ([-2 * TOL, 1.0, 2.5], [-2 * TOL, TOL / 2, 0.3], [-2 * TOL, -2 * TOL, 4.0]):
        h = _with_eigenvalues(rng, rng.permutation(lam))
        _expect_direction(escape_direction(h), h, "a matrix whose smallest eigenvalue is -2*tol")


def test_custom_tol_escape(escape_direction, rng):
    """The tol argument decides: None when lambda_min >= -tol, a direction when lambda_min < -tol."""
    lam = [-0.25, 1.0, 2.0]
    h = _with_eigenvalues(rng, rng.permutation(lam))
    _expect_none(escape_direction(h, 0.5), "a matrix whose smallest eigenvalue is above -tol (custom tol)")
    _expect_direction(escape_direction(h, 0.1), h, "a matrix whose smallest eigenvalue is below -tol (custom tol)")
    _expect_none(escape_direction(np.diag([-0.25, 1.0]), 0.25),
                 "a diagonal matrix whose smallest eigenvalue is exactly -tol (custom tol)")


def test_rejects_invalid_hessian(escape_direction, rng):
    """Non-square input, 1-D input or asymmetry beyond 1e-8 * max(1, max|H|) raises ValueError."""
    for shape in ((2, 3), (4,)):
        expect_raises(escape_direction(rng.standard_normal(shape)), ValueError, "escape_direction",
                      f"for an input of shape {shape}")
    for scale in (0.01, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = 1e-8 * max(1.0, float(np.max(np.abs(h))))
        expect_raises(escape_direction(_asymmetric(rng, h, 100 * limit)), ValueError,
                      "escape_direction", "for a matrix whose asymmetry is 100 times the allowed amount")


def test_accepts_asymmetry_within_tolerance_escape(escape_direction, rng):
    """Asymmetry below 1e-8 * max(1, max|H|) is accepted: a valid direction (or None) comes back."""
    for scale in (1e-4, 1000.0):
        h = _with_eigenvalues(rng, _spectrum(rng, "saddle", 4)) * scale
        limit = 1e-8 * max(1.0, float(np.max(np.abs(h))))
        h2 = _asymmetric(rng, h, limit / 100)
        _expect_direction(escape_direction(h2), h2, "a saddle whose asymmetry is within the allowed amount")
    h = _with_eigenvalues(rng, _magnitudes(rng, 3))
    _expect_none(escape_direction(_asymmetric(rng, h, 1e-10)),
                 "a minimum whose asymmetry is within the allowed amount")
