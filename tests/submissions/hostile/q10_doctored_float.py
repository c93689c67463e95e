"""Returns a float subclass (right value) whose == always says "equal"."""
BREAKS = "sgd_stationary_loss"

_reference_sgd_stationary_loss = sgd_stationary_loss


class _Agreeable(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def sgd_stationary_loss(curvature, lr, noise_var):
    return _Agreeable(_reference_sgd_stationary_loss(curvature, lr, noise_var))
