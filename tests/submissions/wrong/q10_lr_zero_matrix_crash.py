"""Divides by lambda_max without handling the zero matrix (ZeroDivisionError)."""
BREAKS = "max_stable_lr"


def max_stable_lr(hessian):
    return 2.0 / float(np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))[-1])
