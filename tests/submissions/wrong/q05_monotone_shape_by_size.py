"""Flattens both arrays and only checks that they hold as many elements, not that the shapes agree."""
BREAKS = "is_monotone_transform"

_is_monotone_right = is_monotone_transform


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.size != Z_b.size:
        raise ValueError("sizes differ")
    return _is_monotone_right(Z_a.ravel(), Z_b.ravel())
