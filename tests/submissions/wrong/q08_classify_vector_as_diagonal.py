"""Accepts a 1-D input as the diagonal of a diagonal Hessian (np.diag) instead of rejecting it."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim == 1:
        H = np.diag(H)
    lam = np.linalg.eigvalsh(_checked_hessian(H))
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
