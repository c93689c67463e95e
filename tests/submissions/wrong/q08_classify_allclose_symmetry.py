"""Checks symmetry with np.allclose(H, H.T, atol=...) but keeps allclose's default rtol=1e-5,
so an asymmetry just beyond 1e-8 * max(1, max|H|) slips through."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be a square matrix")
    scale = max(1.0, float(np.max(np.abs(H))))
    if not np.allclose(H, H.T, atol=1e-8 * scale):
        raise ValueError("hessian is not symmetric")
    lam = np.linalg.eigvalsh((H + H.T) / 2)
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
