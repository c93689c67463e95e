"""Widens the band around 0 to 1.5 * tol "to absorb eigvalsh's rounding", so an eigenvalue
a little beyond tol is wrongly treated as zero."""
BREAKS = "classify_critical_point"


def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(_checked_hessian(hessian))
    band = 1.5 * tol
    if np.any(lam < -band) and np.any(lam > band):
        return "saddle"
    if np.all(lam > band):
        return "minimum"
    if np.all(lam < -band):
        return "maximum"
    return "degenerate"
