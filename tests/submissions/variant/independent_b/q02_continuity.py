"""Q2, written independently: a finer grid (2048 intervals), bisection of every interval
whose ends differ by more than min_jump, and duplicates merged by distance afterwards."""

import numpy as np

_INTERVALS = 2048


def _position(w, index):
    n = len(w)
    k = int(index)
    if k < -n or k >= n:
        raise IndexError(f"index {index} out of range for {n} weights")
    return k + n if k < 0 else k


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if lo >= hi or not (lo < hi):
        raise ValueError("need lo < hi")
    if xtol <= 0 or xtol != xtol:
        raise ValueError("xtol must be > 0")
    if min_jump <= 0 or min_jump != min_jump:
        raise ValueError("min_jump must be > 0")
    k = _position(w, index)
    lo, hi, xtol, min_jump = float(lo), float(hi), float(xtol), float(min_jump)
    row = np.reshape(np.asarray(x), (1, -1))
    old = w[k].copy()
    calls = [0]

    def value_at(t):
        w[k] = t
        calls[0] += 1
        return float(np.ravel(predict(w, row))[0])

    try:
        ts = [lo + (hi - lo) * j / _INTERVALS for j in range(_INTERVALS)] + [hi]
        vs = [value_at(t) for t in ts]
        hits = []
        for j in range(_INTERVALS):
            a, b = ts[j], ts[j + 1]
            fa, fb = vs[j], vs[j + 1]
            if abs(fb - fa) <= min_jump:
                continue
            # Halve, keeping the half that changes more; a half holding a jump of size
            # J >= 10*min_jump changes by at least about J/2, a continuous piece by far less
            # than min_jump at these widths, so give up once neither half reaches min_jump.
            dead = False
            while b - a > xtol:
                m = a + (b - a) / 2
                if m <= a or m >= b:
                    break
                fm = value_at(m)
                d_left, d_right = abs(fm - fa), abs(fb - fm)
                if d_left < min_jump and d_right < min_jump:
                    dead = True
                    break
                if d_right > d_left:
                    a, fa = m, fm
                else:
                    b, fb = m, fm
            if not dead and abs(fb - fa) >= min_jump / 2:
                hits.append(a + (b - a) / 2)
    finally:
        w[k] = old

    # The same jump can be found from two neighbouring intervals (a jump on a grid point);
    # distinct jumps are more than (hi-lo)/256 apart, so anything closer is one jump.
    hits.sort()
    merged = []
    for t in hits:
        if merged and t - merged[-1] < (hi - lo) / 512:
            continue
        merged.append(t)
    return np.asarray(merged, dtype=np.float64).reshape(-1)
