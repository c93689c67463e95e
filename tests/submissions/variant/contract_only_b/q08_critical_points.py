"""Q8 (variant B): classify critical points, negative-curvature direction."""
import numpy as np


def _check(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be square")
    scale = max(1.0, float(np.max(np.abs(H)))) if H.size else 1.0
    if H.size and float(np.max(np.abs(H - H.T))) > 1e-8 * scale:
        raise ValueError("hessian is not symmetric")
    return 0.5 * (H + H.T)


def classify_critical_point(hessian, tol=1e-8):
    H = _check(hessian)
    lam = np.linalg.eigvalsh(H, UPLO="U")
    neg = bool(np.any(lam < -tol))
    pos = bool(np.any(lam > tol))
    if neg and pos:
        return "saddle"
    if bool(np.all(lam > tol)):
        return "minimum"
    if bool(np.all(lam < -tol)):
        return "maximum"
    return "degenerate"


def escape_direction(hessian, tol=1e-8):
    H = _check(hessian)
    lam, V = np.linalg.eigh(H, UPLO="U")
    if not lam[0] < -tol:
        return None
    # variant B: flipped sign, and for a (numerically) repeated lambda_min an equal
    # mix of its eigenvectors instead of the first one.
    spread = 1e-11 * max(1.0, float(np.max(np.abs(lam))))
    sel = lam <= lam[0] + spread
    v = -V[:, sel].sum(axis=1)
    v /= np.linalg.norm(v)
    return v
