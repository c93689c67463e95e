"""Rejects noise_var = 0 (noise_var <= 0 raises), although zero noise is valid."""
BREAKS = "sgd_stationary_loss"


def sgd_stationary_loss(curvature, lr, noise_var):
    if not curvature > 0 or not lr > 0 or not noise_var > 0:
        raise ValueError("invalid parameters")
    a = lr * curvature
    if a >= 2:
        return math.inf
    return lr * noise_var / (2.0 * (2.0 - a))
