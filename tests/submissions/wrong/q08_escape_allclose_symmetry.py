"""Checks symmetry with np.allclose(H, H.T, atol=...) but keeps allclose's default rtol=1e-5,
so an asymmetry just beyond 1e-8 * max(1, max|H|) slips through."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("hessian must be a square matrix")
    if not np.allclose(H, H.T, atol=1e-8 * max(1.0, float(np.max(np.abs(H))))):
        raise ValueError("hessian is not symmetric")
    lam, vecs = np.linalg.eigh((H + H.T) / 2)
    if not lam[0] < -tol:
        return None
    return vecs[:, 0] / np.linalg.norm(vecs[:, 0])
