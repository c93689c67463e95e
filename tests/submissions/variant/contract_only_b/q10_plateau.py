"""Q10 (variant B): stability limit, SGD noise floor, linear-model floor."""
import math

import numpy as np


def max_stable_lr(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    lam_max = float(np.linalg.eigvalsh(H, UPLO="U")[-1])
    if lam_max <= 0:
        return math.inf
    return 2.0 / lam_max


def sgd_stationary_loss(curvature, lr, noise_var):
    if not curvature > 0:
        raise ValueError("curvature must be > 0")
    if not lr > 0:
        raise ValueError("lr must be > 0")
    if not noise_var >= 0:
        raise ValueError("noise_var must be >= 0")
    x = lr * curvature
    if x >= 2:
        return math.inf
    return float(0.5 * lr * noise_var / (2.0 - x))


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError("need X (n, d) and Y (n,)")
    U, s, _ = np.linalg.svd(X, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        r = Y
    else:
        rank = int(np.count_nonzero(s > s[0] * max(X.shape) * np.finfo(np.float64).eps))
        Ur = U[:, :rank]
        r = Y - Ur @ (Ur.T @ Y)
    return float(np.mean(np.square(r)))
