"""Calls a point convex when dxx >= -tol and dyy >= -tol, ignoring the cross term dxy (saddles pass)."""
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
    return (dxx >= -tol) & (dyy >= -tol)
