"""Requires all eight neighbours (diagonals too) to be equal, not just the four axis neighbours."""
BREAKS = "flat_fraction"


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    r, c = Z.shape
    centre = Z[1:-1, 1:-1]
    flat = np.ones(centre.shape, dtype=bool)
    for da in (-1, 0, 1):
        for db in (-1, 0, 1):
            flat &= Z[1 + da:r - 1 + da, 1 + db:c - 1 + db] == centre
    return float(flat.mean())
