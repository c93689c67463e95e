"""Tests lambda_min < tol instead of < -tol, so flat PSD matrices get an 'escape' direction."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    lam, vecs = np.linalg.eigh(_checked_hessian(hessian))
    if not lam[0] < tol:
        return None
    return vecs[:, 0]
