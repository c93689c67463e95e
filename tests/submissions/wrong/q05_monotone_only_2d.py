"""Treats the surfaces as at most 2-D grids: raises ValueError for 3-D and higher arrays of equal shape."""
BREAKS = "is_monotone_transform"

_is_monotone_2d = is_monotone_transform


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.ndim > 2 or Z_b.ndim > 2:
        raise ValueError("Z_a and Z_b must be 1-D or 2-D surfaces")
    return _is_monotone_2d(Z_a, Z_b)
