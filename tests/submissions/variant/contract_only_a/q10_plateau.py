"""Q10 (independent variant A)."""
import math

import numpy as np


def max_stable_lr(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    H = 0.5 * (H + H.T)
    lam_max = float(np.linalg.eigh(H)[0][-1])
    if lam_max <= 0.0:
        return math.inf
    return np.float64(2.0) / np.float64(lam_max)


def sgd_stationary_loss(curvature, lr, noise_var):
    lam = float(curvature)
    lr = float(lr)
    nv = float(noise_var)
    if not lam > 0:
        raise ValueError("curvature must be > 0")
    if not lr > 0:
        raise ValueError("lr must be > 0")
    if not nv >= 0:
        raise ValueError("noise_var must be >= 0")
    if lr * lam >= 2.0:
        return math.inf
    return np.float64(lr * nv / (2.0 * (2.0 - lr * lam)))


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError("X must be (n, d) and Y (n,)")
    coef = np.linalg.lstsq(X, Y, rcond=None)[0]
    r = X @ coef - Y
    return np.float64(np.mean(r * r))
