"""Public examples for Q10 (challenges/q10_plateau.py)."""

import math

import numpy as np
import pytest

import q10_plateau as q


def test_max_stable_lr_docstring_and_single_weight():
    """2 / lambda_max to relative accuracy 1e-6."""
    H = np.array([[1.0, 0.0], [0.0, 4.0]])
    assert float(q.max_stable_lr(H)) == pytest.approx(0.5, rel=1e-6)
    assert float(q.max_stable_lr(np.array([[8.0]]))) == pytest.approx(0.25, rel=1e-6)


def test_max_stable_lr_dense_psd_and_zero():
    """A rank-deficient A^T A gives 2 / its largest eigenvalue; the zero matrix gives inf."""
    A = np.random.default_rng(16).standard_normal((10, 40))
    H = A.T @ A
    lam_max = float(np.linalg.eigvalsh(H).max())
    assert float(q.max_stable_lr(H)) == pytest.approx(2.0 / lam_max, rel=1e-6)
    assert q.max_stable_lr(np.zeros((5, 5))) == math.inf
    assert float(q.max_stable_lr(np.diag([1e-20, 0.0]))) == pytest.approx(2e20, rel=1e-6)


def test_sgd_stationary_docstring_and_formula():
    """lr * noise_var / (2 (2 - lr * lambda)); 0 without noise."""
    value = float(q.sgd_stationary_loss(1.0, 0.1, 1.0))
    assert value == pytest.approx(0.026315789473684213, rel=1e-12)
    assert float(q.sgd_stationary_loss(2.0, 0.5, 3.0)) == pytest.approx(0.75, rel=1e-12)
    assert float(q.sgd_stationary_loss(3.0, 0.2, 0.0)) == pytest.approx(0.0, abs=1e-15)


def test_sgd_stationary_unstable_is_inf():
    """lr * lambda >= 2 (the boundary included) gives math.inf."""
    assert q.sgd_stationary_loss(1.0, 2.0, 1.0) == math.inf
    assert q.sgd_stationary_loss(4.0, 1.0, 0.5) == math.inf


def test_sgd_stationary_invalid_arguments():
    """curvature <= 0, lr <= 0 or noise_var < 0 raise ValueError."""
    for args in ((0.0, 0.1, 1.0), (-1.0, 0.1, 1.0), (1.0, 0.0, 1.0), (1.0, -0.1, 1.0),
                 (1.0, 0.1, -1.0)):
        with pytest.raises(ValueError):
            q.sgd_stationary_loss(*args)


def test_best_mse_docstring_and_rank_deficient():
    """Only the mean can be fitted: the floor is the variance of Y around it."""
    assert float(q.best_achievable_mse(np.array([[1.0], [1.0]]), np.array([0.0, 2.0]))) \
        == pytest.approx(1.0, rel=1e-9)
    X = np.ones((3, 2))   # two identical columns: rank 1
    value = float(q.best_achievable_mse(X, np.array([0.0, 1.0, 2.0])))
    assert value == pytest.approx(2 / 3, rel=1e-9)


def test_best_mse_wide_and_tall():
    """A wide X of full row rank fits exactly (floor 0); a tall one leaves the residual."""
    rng = np.random.default_rng(17)
    assert float(q.best_achievable_mse(rng.standard_normal((3, 5)), rng.standard_normal(3))) \
        == pytest.approx(0.0, abs=1e-10)
    # Columns pick out the first two entries; the best fit leaves the third: (0² + 0² + 3²) / 3.
    X, Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]), np.array([1.0, 2.0, 3.0])
    assert float(q.best_achievable_mse(X, Y)) == pytest.approx(3.0, rel=1e-10)
