"""Uses the trace (the sum of all eigenvalues) as a cheap bound for lambda_max."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    tr = float(np.trace(np.asarray(hessian, dtype=np.float64)))
    if tr <= 0:
        return math.inf
    return 2.0 / tr
