"""Rejects a 1 x 1 Hessian as too small, though a model with one weight is a valid input."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] < 2:
        raise ValueError("hessian must be a square matrix of at least 2 x 2")
    return _reference_classify(H, tol)


def _reference_classify(H, tol):
    lam = np.linalg.eigvalsh(_checked_hessian(H))
    if np.any(lam < -tol) and np.any(lam > tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
