"""Q8 (independent variant A)."""
import numpy as np


def _checked(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be square")
    scale = max(1.0, float(np.max(np.abs(H)))) if H.size else 1.0
    if H.size and float(np.max(np.abs(H - H.T))) > 1e-8 * scale:
        raise ValueError("hessian is not symmetric")
    return 0.5 * (H + H.T)


def classify_critical_point(hessian, tol=1e-8):
    H = _checked(hessian)
    lam = np.linalg.eigh(H)[0]
    has_neg = False
    has_pos = False
    all_pos = True
    all_neg = True
    for v in lam:
        v = float(v)
        if v < -tol:
            has_neg = True
        else:
            all_neg = False
        if v > tol:
            has_pos = True
        else:
            all_pos = False
    if has_neg and has_pos:
        return "saddle"
    if all_pos:
        return "minimum"
    if all_neg:
        return "maximum"
    return "degenerate"


def escape_direction(hessian, tol=1e-8):
    H = _checked(hessian)
    lam, V = np.linalg.eigh(H)
    if float(lam[0]) < -tol:
        v = np.array(V[:, 0], dtype=np.float64)
        return v / np.linalg.norm(v)
    return None
