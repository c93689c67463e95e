"""Checks only that the last two axes are square, so a 3-D stack of matrices is classified
(np.linalg.eigvalsh works on stacks) instead of raising ValueError."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim < 2 or H.shape[-1] != H.shape[-2]:
        raise ValueError("hessian must be square")
    if np.max(np.abs(H - H.T)) > 1e-8 * max(1.0, np.max(np.abs(H))):
        raise ValueError("hessian is not symmetric")
    lam = np.linalg.eigvalsh(H)
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
