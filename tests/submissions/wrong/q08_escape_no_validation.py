"""Skips the shape and symmetry checks and hands the matrix straight to eigh."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2:
        raise ValueError("hessian must be 2-D")
    lam, vecs = np.linalg.eigh(H)
    if not lam[0] < -tol:
        return None
    return vecs[:, 0]
