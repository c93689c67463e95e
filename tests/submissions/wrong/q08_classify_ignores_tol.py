"""Compares the eigenvalues with 0 instead of +-tol, so rounding noise decides flat directions."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(_checked_hessian(hessian))
    if np.any(lam < 0) and np.any(lam > 0):
        return "saddle"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "degenerate"
