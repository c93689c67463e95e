"""Treats a largest eigenvalue below 1e-12 as rounding noise and returns inf, though only
the zero matrix has every learning rate stable."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    lam_max = float(np.linalg.eigvalsh(H)[-1])
    if lam_max < 1e-12:
        return math.inf
    return 2.0 / lam_max
