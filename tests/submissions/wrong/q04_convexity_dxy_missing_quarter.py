"""Divides the mixed difference by h**2 instead of 4 h**2: the cross curvature is 4 times too large."""
BREAKS = "convexity_map"


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.isfinite(Z).all() or not h > 0:
        raise ValueError("bad input")
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * c + Z[:-2, 1:-1]) / h ** 2
    dyy = (Z[1:-1, 2:] - 2.0 * c + Z[1:-1, :-2]) / h ** 2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / h ** 2
    lam = (dxx + dyy) / 2 - np.sqrt(((dxx - dyy) / 2) ** 2 + dxy ** 2)
    return lam >= -tol
