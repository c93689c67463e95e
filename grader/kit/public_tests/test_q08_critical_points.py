"""Public examples for Q8 (challenges/q08_critical_points.py)."""

import numpy as np
import pytest

import q08_critical_points as q


def rotated(eigenvalues, seed):
    """Q diag(eigenvalues) Q^T for a random orthogonal Q (exactly symmetric)."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigenvalues),) * 2))
    H = Q @ np.diag(eigenvalues) @ Q.T
    return 0.5 * (H + H.T)


def test_classify_docstring_and_the_four_kinds():
    """saddle / minimum / maximum / degenerate from the signs of the eigenvalues."""
    assert q.classify_critical_point(np.array([[2.0, 0.0], [0.0, -1.0]])) == "saddle"
    assert q.classify_critical_point(np.array([[1.0, 2.0], [2.0, 1.0]])) == "saddle"  # 3, -1
    assert q.classify_critical_point(np.eye(3)) == "minimum"
    assert q.classify_critical_point(-2.0 * np.eye(3)) == "maximum"
    assert q.classify_critical_point(np.diag([1.0, 0.0])) == "degenerate"
    assert q.classify_critical_point(rotated([3.0, 0.5, 2.0, 1.0], 11)) == "minimum"
    assert q.classify_critical_point(rotated([3.0, -0.5, 2.0, 1.0], 12)) == "saddle"
    assert q.classify_critical_point(np.diag([1.0, 0.0, -1.0])) == "saddle"   # a zero too
    assert q.classify_critical_point(np.array([[-3.0]])) == "maximum"        # one weight


def test_classify_tol_and_tiny_asymmetry():
    """Eigenvalues within tol of 0 decide nothing; asymmetry up to 1e-8 max(1, max|H|) is fine."""
    assert q.classify_critical_point(np.diag([1.0, -1e-9])) == "degenerate"
    assert q.classify_critical_point(np.diag([1.0, 1e-3]), tol=1e-2) == "degenerate"
    assert q.classify_critical_point(np.diag([-1.0, -1e-3]), tol=1e-4) == "maximum"
    assert q.classify_critical_point(np.array([[1.0, 1e-12], [0.0, 2.0]])) == "minimum"
    assert q.classify_critical_point(np.diag([0.5, 1.0]), tol=0.5) == "degenerate"  # not > tol
    assert q.classify_critical_point(np.diag([-0.5, -1.0]), tol=0.5) == "degenerate"
    big = np.array([[1e3, 1e-6], [0.0, 2e3]])   # asymmetry 1e-6 <= 1e-8 * max|H| = 2e-5
    assert q.classify_critical_point(big) == "minimum"
    at_limit = np.array([[0.5, 1e-8], [0.0, 0.5]])  # asymmetry exactly 1e-8 * max(1, 0.5)
    assert q.classify_critical_point(at_limit) == "minimum"
    assert q.classify_critical_point(np.diag([0.6, 1.0]), tol=0.5) == "minimum"  # 0.6 > tol


def test_classify_invalid_input():
    """Not square (also 1-D or 3-D), or asymmetric beyond 1e-8 max(1, max|H|): ValueError."""
    for H in (np.zeros((2, 3)), np.zeros((3, 2)), np.ones(3), np.zeros((2, 2, 2)),
              np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[1e3, 1e-3], [0.0, 1.0]]),
              np.array([[1.0, 1e3 + 1e-3], [1e3, 1.0]])):   # 1e-3 > 1e-8 * 1e3
        with pytest.raises(ValueError):
            q.classify_critical_point(H)


def assert_escape(v, H, lam_min):
    """A 1-D unit vector whose curvature v^T H v is lambda_min."""
    assert isinstance(v, np.ndarray) and v.shape == (H.shape[0],)
    assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-9)
    scale = max(1.0, float(np.abs(np.linalg.eigvalsh(H)).max()))
    assert abs(float(v @ H @ v) - lam_min) <= 1e-8 * scale


def test_escape_docstring_and_none():
    """At a saddle the unit vector of negative curvature; None without curvature below -tol."""
    H = np.array([[2.0, 0.0], [0.0, -1.0]])
    v = q.escape_direction(H)
    assert_escape(v, H, -1.0)
    np.testing.assert_allclose(np.abs(v), [0.0, 1.0], atol=1e-8)
    assert q.escape_direction(np.eye(2)) is None
    assert q.escape_direction(np.diag([1.0, 0.0, -1e-9])) is None
    assert q.escape_direction(np.diag([-0.5, 1.0]), tol=0.5) is None   # lambda_min = -tol
    assert_escape(q.escape_direction(np.diag([-0.6, 1.0]), tol=0.5), np.diag([-0.6, 1.0]), -0.6)
    assert_escape(q.escape_direction(np.array([[-2.0]])), np.array([[-2.0]]), -2.0)


def test_escape_rotated_and_repeated_eigenvalue():
    """Any unit vector reaching lambda_min is accepted (either sign, any basis of a repeat)."""
    H = rotated([3.0, -2.0, 0.5, -5.0], 13)
    assert_escape(q.escape_direction(H), H, -5.0)
    H = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]])  # eigenvalues 1, -1, -1
    assert_escape(q.escape_direction(H), H, -1.0)
    for H in (np.array([[1.0, 1.0], [0.0, -1.0]]), np.zeros((2, 3)), -np.ones((2, 2, 2)),
              np.array([[1.0, 1e3 + 1e-3], [1e3, 1.0]])):
        with pytest.raises(ValueError):
            q.escape_direction(H)
