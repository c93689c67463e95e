"""Uses the largest diagonal entry in place of the largest eigenvalue."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    top = float(np.max(np.diag(np.asarray(hessian, dtype=np.float64))))
    if top <= 0:
        return math.inf
    return 2.0 / top
