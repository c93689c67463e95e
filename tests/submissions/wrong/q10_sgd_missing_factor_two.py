"""Forgets the 1/2 of the loss: returns lambda * Var(w) instead of lambda * Var(w) / 2."""
BREAKS = "sgd_stationary_loss"


def sgd_stationary_loss(curvature, lr, noise_var):
    if not curvature > 0 or not lr > 0 or not noise_var >= 0:
        raise ValueError("invalid parameters")
    a = lr * curvature
    if a >= 2:
        return math.inf
    return lr * noise_var / (2.0 - a)
