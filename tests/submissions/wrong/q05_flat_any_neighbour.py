"""Counts a point as flat when ANY of its four axis neighbours equals it (| instead of &)."""
BREAKS = "flat_fraction"


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    centre = Z[1:-1, 1:-1]
    flat = ((Z[:-2, 1:-1] == centre) | (Z[2:, 1:-1] == centre)
            | (Z[1:-1, :-2] == centre) | (Z[1:-1, 2:] == centre))
    return float(np.count_nonzero(flat) / flat.size)
