"""Compares all pairs (in blocks of rows, to save memory): right, but O(N^2) and far too slow for 10^6 points."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError("shapes differ")
    a = Z_a.ravel()
    b = Z_b.ravel()
    block = 64
    for start in range(0, a.size, block):
        pa = a[start:start + block, None]
        pb = b[start:start + block, None]
        if np.any((pa < a) & (pb > b)) or np.any((pa == a) & (pb != b)):
            return False
    return True
