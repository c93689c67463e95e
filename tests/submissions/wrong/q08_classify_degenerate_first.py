"""Returns 'degenerate' as soon as any eigenvalue is within tol of 0, even at a clear saddle."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(_checked_hessian(hessian))
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "saddle"
