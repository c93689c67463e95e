"""Checks that Z is 2-D but not that both sides are >= 3: a 2-row Z gives an empty map instead of ValueError."""
BREAKS = "convexity_map"


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError("Z must be 2-D")
    if not np.isfinite(Z).all():
        raise ValueError("Z must be finite")
    if not h > 0:
        raise ValueError("h must be positive")
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * c + Z[:-2, 1:-1]) / h ** 2
    dyy = (Z[1:-1, 2:] - 2.0 * c + Z[1:-1, :-2]) / h ** 2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4 * h ** 2)
    lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    return lam >= -tol
