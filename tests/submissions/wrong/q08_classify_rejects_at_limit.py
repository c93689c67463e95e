"""Rejects an asymmetry equal to 1e-8 * max(1, max|H|) (>= where the contract allows up to it)."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be a square matrix")
    if np.max(np.abs(H - H.T)) >= 1e-8 * max(1.0, np.max(np.abs(H))):
        raise ValueError("hessian is not symmetric")
    lam = np.linalg.eigvalsh((H + H.T) / 2)
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
