"""Checks only that the last two axes are square, so a 3-D stack of matrices gets an answer
(np.linalg.eigh works on stacks) instead of raising ValueError."""
BREAKS = "escape_direction"


def escape_direction(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim < 2 or H.shape[-1] != H.shape[-2]:
        raise ValueError("hessian must be square")
    if np.max(np.abs(H - H.T)) > 1e-8 * max(1.0, np.max(np.abs(H))):
        raise ValueError("hessian is not symmetric")
    lam, vecs = np.linalg.eigh(H)
    if not np.min(lam) < -tol:
        return None
    v = vecs[..., :, 0]
    return v / np.linalg.norm(v)
