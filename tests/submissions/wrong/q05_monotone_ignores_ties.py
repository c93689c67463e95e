"""Sorts by Z_a and checks that Z_b never decreases, without requiring equal Z_b for equal Z_a."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError("shapes differ")
    order = np.argsort(Z_a.ravel(), kind="stable")
    sb = Z_b.ravel()[order]
    return bool(np.all(np.diff(sb) >= 0))
