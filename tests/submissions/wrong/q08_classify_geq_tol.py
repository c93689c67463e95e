"""Counts an eigenvalue equal to tol as beyond it (>= instead of the strict >)."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(_checked_hessian(hessian))
    if np.any(lam <= -tol) and np.any(lam >= tol):
        return "saddle"
    if np.all(lam >= tol):
        return "minimum"
    if np.all(lam <= -tol):
        return "maximum"
    return "degenerate"
