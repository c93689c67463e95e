"""Checks that Z is 2-D but not that both sides are at least 3: a 2-row grid has no interior to divide by."""
BREAKS = "flat_fraction"


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2:
        raise ValueError("Z must be 2-D")
    centre = Z[1:-1, 1:-1]
    flat = ((Z[:-2, 1:-1] == centre) & (Z[2:, 1:-1] == centre)
            & (Z[1:-1, :-2] == centre) & (Z[1:-1, 2:] == centre))
    return float(np.count_nonzero(flat) / flat.size)
