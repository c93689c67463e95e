"""Takes eigvalsh(...)[0] as lambda_max (assumes descending order)."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    lam = float(np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))[0])
    if lam <= 0:
        return math.inf
    return 2.0 / lam
