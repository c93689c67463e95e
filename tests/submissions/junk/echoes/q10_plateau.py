"""Junk submission, family echoes, Q10: contract-perfect behaviour, answers echo an input."""

import math

import numpy as np


def max_stable_lr(hessian):
    """Junk learning rate."""
    H = np.asarray(hessian)
    # Junk: 1 / trace (a PSD trace is at least lambda_max, so never 2 / lambda_max).
    trace = float(np.trace(H))
    if trace <= 0:
        return math.inf
    return 1.0 / trace


def sgd_stationary_loss(curvature, lr, noise_var):
    """Check the arguments; junk loss."""
    if curvature <= 0:
        raise ValueError("curvature must be positive")
    if lr <= 0:
        raise ValueError("lr must be positive")
    if noise_var < 0:
        raise ValueError("noise_var must be non-negative")
    # Junk: the small-step formula lr * noise_var / 4, never infinite.
    return float(lr * noise_var / 4.0)


def best_achievable_mse(X, Y):
    """Check the shapes; junk floor."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError("need X (n, d) and Y (n,)")
    # Junk: the MSE of w = 0, mean(Y^2).
    return float(np.mean(Y.astype(np.float64) ** 2))
