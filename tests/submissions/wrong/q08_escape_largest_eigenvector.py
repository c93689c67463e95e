"""Returns the eigenvector of the largest eigenvalue (assumes eigh sorts descending)."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < -tol:
        return None
    return vecs[:, -1]
