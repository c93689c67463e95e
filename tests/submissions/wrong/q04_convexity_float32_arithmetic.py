"""Computes in Z's own dtype: for float32 Z and a tiny h the differences over h**2 overflow float32 (inf - inf gives NaN, not a curvature)."""
BREAKS = "convexity_map"


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z)
    if Z.dtype.kind != "f":
        Z = Z.astype(np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.isfinite(Z).all():
        raise ValueError("Z must be finite")
    if not h > 0:
        raise ValueError("h must be positive")
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2 * c + Z[:-2, 1:-1]) / h ** 2
    dyy = (Z[1:-1, 2:] - 2 * c + Z[1:-1, :-2]) / h ** 2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4 * h ** 2)
    lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    return lam >= -tol
