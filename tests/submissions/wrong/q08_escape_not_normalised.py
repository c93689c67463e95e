"""Scales the direction by the size of the negative curvature instead of returning a unit vector."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < -tol:
        return None
    return vecs[:, 0] * abs(lam[0])
