"""Divides the number of flat interior points by the whole grid size r*c instead of (r-2)(c-2)."""
BREAKS = "flat_fraction"


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    centre = Z[1:-1, 1:-1]
    flat = ((Z[:-2, 1:-1] == centre) & (Z[2:, 1:-1] == centre)
            & (Z[1:-1, :-2] == centre) & (Z[1:-1, 2:] == centre))
    return np.count_nonzero(flat) / Z.size
