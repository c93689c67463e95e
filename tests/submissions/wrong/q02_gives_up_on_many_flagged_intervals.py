"""Fears the call budget: when more grid intervals change by over min_jump/2 than it could refine at 64 halvings each (a steep ramp flags every one), it reports each run of them, unrefined, as one jump."""
BREAKS = "find_jumps"

_find_jumps_refined = find_jumps


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if not lo < hi:
        raise ValueError("lo must be smaller than hi")
    if not xtol > 0:
        raise ValueError("xtol must be positive")
    if not min_jump > 0:
        raise ValueError("min_jump must be positive")
    i = _resolve(w, index)
    xrow = np.asarray(x)[None, :]
    saved = w[i].copy()
    try:
        grid = np.linspace(float(lo), float(hi), _GRID_POINTS)
        ys = []
        for t in grid:
            w[i] = t
            ys.append(float(np.asarray(predict(w, xrow)).item()))
    finally:
        w[i] = saved
    flagged = np.flatnonzero(np.abs(np.diff(ys)) > min_jump / 2)
    if len(flagged) * 64 <= 50_000 - _GRID_POINTS:
        # Few enough to refine: the careful search (it samples the grid again).
        return _find_jumps_refined(predict, w, x, index, lo, hi, min_jump=min_jump, xtol=xtol)
    found, last = [], None
    for k in flagged:
        if last is None or k != last + 1:
            found.append(0.5 * (grid[k] + grid[k + 1]))
        last = k
    return np.array(found, dtype=np.float64)
