"""Loops over the interior points in Python with an eigen-solver per point: right, but far too slow."""
BREAKS = "convexity_map"


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.isfinite(Z).all() or not h > 0:
        raise ValueError("bad input")
    r, c = Z.shape
    out = np.zeros((r - 2, c - 2), dtype=bool)
    for a in range(1, r - 1):
        for b in range(1, c - 1):
            dxx = (Z[a + 1, b] - 2 * Z[a, b] + Z[a - 1, b]) / h ** 2
            dyy = (Z[a, b + 1] - 2 * Z[a, b] + Z[a, b - 1]) / h ** 2
            dxy = (Z[a + 1, b + 1] - Z[a + 1, b - 1] - Z[a - 1, b + 1] + Z[a - 1, b - 1]) / (4 * h ** 2)
            lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
            out[a - 1, b - 1] = lam >= -tol
    return out
