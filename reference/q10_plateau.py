"""Reference for Q10: why the loss stops falling and hovers above a floor."""

import math

import numpy as np


def max_stable_lr(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"hessian must be a square matrix; got shape {H.shape}")
    # Gradient descent on 1/2 w^T H w multiplies the component along each
    # eigenvector by (1 - lr*lambda); it shrinks for every start iff
    # |1 - lr*lambda| < 1 for all lambda > 0, i.e. lr < 2/lambda_max.
    # eigvalsh is accurate to ~eps*||H|| = eps*lambda_max for a PSD matrix.
    lam_max = float(np.linalg.eigvalsh((H + H.T) / 2)[-1])
    if lam_max <= 0:
        # Zero matrix (or only rounding noise around 0): any rate is stable.
        return math.inf
    return 2.0 / lam_max


def sgd_stationary_loss(curvature, lr, noise_var):
    if not curvature > 0:
        raise ValueError("curvature must be positive")
    if not lr > 0:
        raise ValueError("lr must be positive")
    if not noise_var >= 0:
        raise ValueError("noise_var must be non-negative")
    a = lr * curvature
    if a >= 2:
        # |1 - lr*lambda| >= 1: the iteration does not contract.
        return math.inf
    # w <- (1 - a) w - lr*xi gives the stationary variance
    # v = lr^2 s^2 / (1 - (1 - a)^2) = lr s^2 / (lambda (2 - a)),
    # and E[L] = lambda v / 2.
    return float(lr * noise_var / (2.0 * (2.0 - a)))


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"need X (n, d) and Y (n,); got {X.shape} and {Y.shape}")
    # lstsq returns a minimiser even for rank-deficient or wide X, but its
    # residual sums are empty then, so the residual is computed explicitly.
    w = np.linalg.lstsq(X, Y, rcond=None)[0]
    r = X @ w - Y
    return float(np.mean(r * r))
