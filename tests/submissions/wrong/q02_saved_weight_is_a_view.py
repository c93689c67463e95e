"""Saves w[index] as the slice w[i:i+1], a view into w: it follows every trial value, so 'restoring' it leaves the last t in w."""
BREAKS = "find_jumps"


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if not lo < hi:
        raise ValueError("lo must be smaller than hi")
    if not xtol > 0:
        raise ValueError("xtol must be positive")
    if not min_jump > 0:
        raise ValueError("min_jump must be positive")
    i = _resolve(w, index)
    xrow = np.asarray(x)[None, :]
    saved = w[i:i + 1]          # a view into w, not a copy
    try:
        def y(t):
            w[i] = t
            return float(np.asarray(predict(w, xrow)).item())

        grid = np.linspace(float(lo), float(hi), _GRID_POINTS)
        ys = [y(t) for t in grid]
        flag = min_jump / 2
        found, last = [], None
        for k in np.flatnonzero(np.abs(np.diff(ys)) > flag):
            a, b, ya, yb = float(grid[k]), float(grid[k + 1]), ys[k], ys[k + 1]
            alive = True
            while b - a >= xtol:
                c = 0.5 * (a + b)
                if not a < c < b:
                    break
                yc = y(c)
                left, right = abs(yc - ya), abs(yb - yc)
                if max(left, right) <= flag:
                    alive = False
                    break
                if left >= right:
                    b, yb = c, yc
                else:
                    a, ya = c, yc
            if not alive or abs(yb - ya) < min_jump:
                continue
            if last is not None and k == last + 1:
                last = k
                continue
            last = k
            found.append(0.5 * (a + b))
    finally:
        w[i] = saved[0]
    return np.array(found, dtype=np.float64)
