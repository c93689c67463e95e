"""Sorts by Z_a with ties broken by Z_b and checks only that Z_b never decreases: ties pass unchecked."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError("shapes differ")
    order = np.lexsort((Z_b.ravel(), Z_a.ravel()))
    sb = Z_b.ravel()[order]
    return bool(np.all(sb[1:] >= sb[:-1]))
