"""Compares the orderings (stable argsort) of Z_a and Z_b: a plateau of g merging distinct Z_a values gives False."""
BREAKS = "is_monotone_transform"


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError(f"shapes differ: {Z_a.shape} vs {Z_b.shape}")
    order_a = np.argsort(Z_a.ravel(), kind="stable")
    order_b = np.argsort(Z_b.ravel(), kind="stable")
    return bool(np.array_equal(order_a, order_b))
