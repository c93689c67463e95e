"""Demands exact symmetry (H == H.T), rejecting the tiny asymmetry the contract allows."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or not np.array_equal(H, H.T):
        raise ValueError("hessian must be a symmetric square matrix")
    lam = np.linalg.eigvalsh(H)
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
