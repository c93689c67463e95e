"""Returns a zero vector instead of None when there is no negative curvature."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < -tol:
        return np.zeros(lam.size)
    return vecs[:, 0]
