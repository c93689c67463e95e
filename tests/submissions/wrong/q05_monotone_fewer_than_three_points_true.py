"""Treats fewer than three points as trivially monotone (no pair 'between' to check), so two points in opposite orders give True."""
BREAKS = "is_monotone_transform"

_is_monotone_right = is_monotone_transform


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError(f"shapes differ: {Z_a.shape} vs {Z_b.shape}")
    if Z_a.size < 3:
        return True
    return _is_monotone_right(Z_a, Z_b)
