"""Requires Z_b to strictly increase along Z_a sorted (> between neighbours), so repeated heights give False."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError(f"shapes differ: {Z_a.shape} vs {Z_b.shape}")
    a = Z_a.ravel()
    b = Z_b.ravel()
    if a.size < 2:
        return True
    order = np.lexsort((b, a))
    sa = a[order]
    sb = b[order]
    same_a = sa[1:] == sa[:-1]
    if not np.all(sb[1:][same_a] == sb[:-1][same_a]):
        return False
    return bool(np.all(sb[1:] > sb[:-1]))
