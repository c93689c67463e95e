"""Stops at the sampling grid: returns the midpoint of every grid interval that changes a lot (no refinement to xtol)."""
BREAKS = "find_jumps"


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if not lo < hi:
        raise ValueError("lo must be smaller than hi")
    if not xtol > 0:
        raise ValueError("xtol must be positive")
    if not min_jump > 0:
        raise ValueError("min_jump must be positive")
    i = _resolve(w, index)
    saved = w[i].copy()
    try:
        grid = np.linspace(float(lo), float(hi), _GRID_POINTS)
        ys = []
        for t in grid:
            w[i] = t
            ys.append(float(np.asarray(predict(w, np.asarray(x)[None, :])).item()))
    finally:
        w[i] = saved
    found, last = [], None
    for k in np.flatnonzero(np.abs(np.diff(ys)) > min_jump / 2):
        if last is not None and k == last + 1:
            last = k
            continue
        last = k
        found.append(0.5 * (grid[k] + grid[k + 1]))
    return np.array(found, dtype=np.float64)
