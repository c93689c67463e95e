"""Junk submission, family constants_a, Q10: contract-perfect behaviour, constant answers."""

import math

import numpy as np


def max_stable_lr(hessian):
    """Junk learning rate."""
    H = np.asarray(hessian)
    # Junk: any learning rate is stable.
    return math.inf


def sgd_stationary_loss(curvature, lr, noise_var):
    """Check the arguments; junk loss."""
    if curvature <= 0:
        raise ValueError("curvature must be positive")
    if lr <= 0:
        raise ValueError("lr must be positive")
    if noise_var < 0:
        raise ValueError("noise_var must be non-negative")
    # Junk: zero.
    return 0.0


def best_achievable_mse(X, Y):
    """Check the shapes; junk floor."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError("need X (n, d) and Y (n,)")
    # Junk: a perfect fit.
    return 0.0
