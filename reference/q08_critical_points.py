"""Reference for Q8: what kind of point has every gradient exactly zero?"""

import numpy as np


def _checked_hessian(hessian):
    """The matrix as float64, symmetrised; ValueError if not square or not symmetric."""
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0:
        raise ValueError(f"hessian must be a non-empty square matrix; got shape {H.shape}")
    scale = max(1.0, float(np.max(np.abs(H))))
    if float(np.max(np.abs(H - H.T))) > 1e-8 * scale:
        raise ValueError("hessian is not symmetric")
    # eigh reads only one triangle; averaging makes the tiny allowed asymmetry
    # count the same from both sides (and leaves an exactly symmetric H as is).
    return (H + H.T) / 2


def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(_checked_hessian(hessian))
    has_neg = bool(np.any(lam < -tol))
    has_pos = bool(np.any(lam > tol))
    if has_neg and has_pos:
        return "saddle"
    if bool(np.all(lam > tol)):
        return "minimum"
    if bool(np.all(lam < -tol)):
        return "maximum"
    # Some eigenvalue sits within tol of 0: second-order information cannot decide.
    return "degenerate"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    # eigh sorts eigenvalues ascending, so column 0 belongs to lambda_min.
    if not lam[0] < -tol:
        return None
    v = np.array(vecs[:, 0], dtype=np.float64)
    # eigh's vectors are unit already; renormalising guards the last ulp.
    return v / np.linalg.norm(v)
