"""Validates shape and h but not finiteness: NaN or infinity in Z gives a map instead of ValueError."""
BREAKS = "convexity_map"


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if h <= 0:
        raise ValueError("h must be positive")
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * c + Z[:-2, 1:-1]) / h ** 2
    dyy = (Z[1:-1, 2:] - 2.0 * c + Z[1:-1, :-2]) / h ** 2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4 * h ** 2)
    lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    return lam >= -tol
