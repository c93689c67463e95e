"""Escapes when lambda_min <= -tol (not strictly below), so an eigenvalue of exactly -tol gives a vector."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if lam[0] > -tol:
        return None
    return vecs[:, 0]
