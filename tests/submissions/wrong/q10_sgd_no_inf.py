"""Applies the formula for every lr: negative beyond lr * curvature = 2, division by zero at 2."""
BREAKS = "sgd_stationary_loss"


def sgd_stationary_loss(curvature, lr, noise_var):
    if not curvature > 0 or not lr > 0 or not noise_var >= 0:
        raise ValueError("invalid parameters")
    return lr * noise_var / (2.0 * (2.0 - lr * curvature))
