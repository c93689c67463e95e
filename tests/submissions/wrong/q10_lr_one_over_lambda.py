"""Returns 1 / lambda_max (the rate that kills the sharpest direction in one step), not 2 / lambda_max."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    lam_max = float(np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))[-1])
    if lam_max <= 0:
        return math.inf
    return 1.0 / lam_max
