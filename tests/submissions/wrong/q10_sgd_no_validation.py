"""Never validates curvature, lr or noise_var."""
BREAKS = "sgd_stationary_loss"


def sgd_stationary_loss(curvature, lr, noise_var):
    a = lr * curvature
    if a >= 2:
        return math.inf
    return lr * noise_var / (2.0 * (2.0 - a))
