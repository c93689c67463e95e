"""Takes the first eigenvector as vecs[:, :1].squeeze(), which for a 1 x 1 Hessian is a 0-d
array instead of a vector of length 1."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < -tol:
        return None
    v = vecs[:, :1].squeeze()
    return v / np.linalg.norm(v)
