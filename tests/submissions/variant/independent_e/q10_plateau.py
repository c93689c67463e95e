"""Q10 written differently: power iteration for lambda_max (NumPy scalars back),
the variance fixed point for SGD, and an SVD projection for the least-squares floor."""

import math

import numpy as np


def max_stable_lr(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be square")
    H = 0.5 * (H + H.T)
    p = H.shape[0]
    v = np.random.default_rng(12345).standard_normal(p)
    v /= np.linalg.norm(v)
    estimate = np.float64(0.0)
    for _ in range(200_000):
        hv = H @ v
        size = np.linalg.norm(hv)
        if size == 0.0:
            # H v = 0 for a generic v: for a PSD matrix this happens only when H = 0
            # (else try a direction that H does not annihilate).
            if not np.any(H):
                return np.float64(np.inf)
            v = np.abs(H).sum(axis=0) + 1.0
            v /= np.linalg.norm(v)
            continue
        rayleigh = np.float64(v @ hv)
        v = hv / size
        if abs(rayleigh - estimate) <= 1e-13 * abs(rayleigh):
            estimate = rayleigh
            break
        estimate = rayleigh
    if estimate <= 0:
        return np.float64(np.inf)
    return np.float64(2.0) / estimate


def sgd_stationary_loss(curvature, lr, noise_var):
    if curvature <= 0 or lr <= 0 or noise_var < 0:
        raise ValueError("need curvature > 0, lr > 0 and noise_var >= 0")
    contraction = 1.0 - lr * curvature          # w <- contraction * w - lr * xi
    if abs(contraction) >= 1.0:
        return math.inf
    # Var = contraction^2 Var + lr^2 noise_var, E[L] = curvature / 2 * Var;
    # 1 - c^2 is written as (1 - c)(1 + c) to avoid cancellation for small lr * curvature.
    variance = lr * lr * noise_var / ((1.0 - contraction) * (1.0 + contraction))
    return 0.5 * curvature * variance


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 1 or X.shape[0] != Y.shape[0]:
        raise ValueError("need X (n, d) and Y (n,)")
    U, s, _ = np.linalg.svd(X, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        residual = Y
    else:
        keep = s > s[0] * max(X.shape) * np.finfo(np.float64).eps
        basis = U[:, keep]
        residual = Y - basis @ (basis.T @ Y)
    return np.float64(np.dot(residual, residual) / Y.size)
