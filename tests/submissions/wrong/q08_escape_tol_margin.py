"""Asks for lambda_min below -1.5 * tol "to be safe", so a smallest eigenvalue a little
below -tol gets None instead of a direction."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < -1.5 * tol:
        return None
    v = np.array(vecs[:, 0], dtype=np.float64)
    return v / np.linalg.norm(v)
