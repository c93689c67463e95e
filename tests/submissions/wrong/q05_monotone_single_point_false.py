"""Returns False for a single point (there is no pair to compare), where any g passes through it."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError(f"shapes differ: {Z_a.shape} vs {Z_b.shape}")
    a = Z_a.ravel()
    b = Z_b.ravel()
    if a.size < 2:
        return False
    order = np.lexsort((b, a))
    sa = a[order]
    sb = b[order]
    same_a = sa[1:] == sa[:-1]
    if not np.all(sb[1:][same_a] == sb[:-1][same_a]):
        return False
    return bool(np.all(sb[1:] >= sb[:-1]))
