"""Q2 (independent variant A)."""
import operator

import numpy as np

_GRID = 3000          # cells on the initial grid
_MAX_JUMPS = 255      # jumps are > (hi-lo)/256 apart and from the ends


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    lo = float(lo)
    hi = float(hi)
    min_jump = float(min_jump)
    xtol = float(xtol)
    if not lo < hi:
        raise ValueError("lo must be < hi")
    if not xtol > 0:
        raise ValueError("xtol must be > 0")
    if not min_jump > 0:
        raise ValueError("min_jump must be > 0")
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    if k < 0:
        k += n
    X1 = np.asarray(x)[None, :]
    saved = w[k]
    thr = 0.5 * min_jump

    def y(t):
        w[k] = t
        out = np.asarray(predict(w, X1))
        if out.size != 1:
            raise ValueError("predict must return exactly one element here")
        return float(out.reshape(-1)[0])

    try:
        span = hi - lo
        ts = [lo + span * (c / _GRID) for c in range(_GRID)] + [hi]
        ys = [y(t) for t in ts]
        flagged = [c for c in range(_GRID) if abs(ys[c + 1] - ys[c]) > thr]
        # Under the guarantees a model with jumps flags at most two cells per jump.
        if len(flagged) > 2 * _MAX_JUMPS:
            return np.empty(0, dtype=np.float64)
        found = []
        for c in flagged:
            a, b = ts[c], ts[c + 1]
            ya, yb = ys[c], ys[c + 1]
            alive = True
            while b - a > xtol:
                m = a + 0.5 * (b - a)
                if m <= a or m >= b:
                    break
                ym = y(m)
                dl = abs(ym - ya)
                dr = abs(yb - ym)
                if max(dl, dr) <= thr:
                    alive = False
                    break
                if dl >= dr:
                    b, yb = m, ym
                else:
                    a, ya = m, ym
            if alive and abs(yb - ya) > thr:
                found.append(a + 0.5 * (b - a))
    finally:
        w[k] = saved
    found.sort()
    merged = []
    gap = (hi - lo) / 512.0
    group = []
    for t in found:
        if group and t - group[-1] > gap:
            merged.append(sum(group) / len(group))
            group = []
        group.append(t)
    if group:
        merged.append(sum(group) / len(group))
    return np.array(merged, dtype=np.float64)
