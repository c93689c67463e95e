"""Compares neighbours with np.isclose instead of exact equality."""
BREAKS = "flat_fraction"


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    centre = Z[1:-1, 1:-1]
    flat = (np.isclose(Z[:-2, 1:-1], centre) & np.isclose(Z[2:, 1:-1], centre)
            & np.isclose(Z[1:-1, :-2], centre) & np.isclose(Z[1:-1, 2:], centre))
    return float(flat.mean())
