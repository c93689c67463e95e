"""Reads the signs of the diagonal entries instead of the eigenvalues."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    lam = np.diag(_checked_hessian(hessian))
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
