"""Refines each flagged interval with a helper whose xtol defaults to 1e-9, and never passes the caller's xtol: a smaller xtol is not met."""
BREAKS = "find_jumps"


def _refine(y, a, b, ya, yb, flag, xtol=1e-9):
    """Bisect [a, b] towards the half that changes more; None if the change fades out."""
    while b - a >= xtol:
        c = 0.5 * (a + b)
        if not a < c < b:
            break
        yc = y(c)
        left, right = abs(yc - ya), abs(yb - yc)
        if max(left, right) <= flag:
            return None
        if left >= right:
            b, yb = c, yc
        else:
            a, ya = c, yc
    return a, b, ya, yb


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
        def y(t):
            w[i] = t
            return float(np.asarray(predict(w, xrow)).item())

        grid = np.linspace(float(lo), float(hi), _GRID_POINTS)
        ys = [y(t) for t in grid]
        flag = min_jump / 2
        found, last = [], None
        for k in np.flatnonzero(np.abs(np.diff(ys)) > flag):
            refined = _refine(y, float(grid[k]), float(grid[k + 1]), ys[k], ys[k + 1], flag)
            if refined is None or abs(refined[3] - refined[2]) < min_jump:
                continue
            if last is not None and k == last + 1:
                last = k
                continue
            last = k
            found.append(0.5 * (refined[0] + refined[1]))
    finally:
        w[i] = saved
    return np.array(found, dtype=np.float64)
