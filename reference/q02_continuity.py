"""Reference for Q2: locating jumps of Y_pred as one weight sweeps an interval."""

import numpy as np

# 1025 samples give 1024 grid intervals of width h = (hi-lo)/1024: the width the
# contract's Lipschitz guarantee is stated for (K*h <= min_jump/4 when jumps exist).
_GRID_POINTS = 1025


def _resolve(w, index):
    """NumPy's integer indexing rule, which range() shares: operator.index, negatives from the
    end, IndexError past it."""
    return range(w.shape[0])[index]


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    # `not (a < b)` also rejects NaN arguments; all checks precede any predict call.
    if not lo < hi:
        raise ValueError("lo must be smaller than hi")
    if not xtol > 0:
        raise ValueError("xtol must be positive")
    if not min_jump > 0:
        raise ValueError("min_jump must be positive")
    i = _resolve(w, index)
    lo, hi = float(lo), float(hi)
    xrow = np.asarray(x)[None, :]
    cast = w.dtype.type  # the value the model actually sees is t stored in w's dtype

    saved = w[i].copy()
    try:
        def y(t):
            w[i] = t
            # .item() insists on exactly one element, as the contract promises.
            return float(np.asarray(predict(w, xrow)).item())

        grid = np.linspace(lo, hi, _GRID_POINTS)
        ys = np.array([y(t) for t in grid])

        # Between jumps |dy| <= K*h <= min_jump/4 over one grid interval. An interval
        # holding a jump in its interior changes by >= 10*min_jump - K*h; a jump lying
        # exactly on a grid point splits its size between the two neighbouring
        # intervals, so one of them still changes by >= (10*min_jump - 2*K*h)/2.
        # Any threshold in (min_jump/4, 4.75*min_jump) separates the two cases.
        flag = min_jump / 2
        candidates = np.flatnonzero(np.abs(np.diff(ys)) > flag)

        found = []
        last_k = None
        for k in candidates:
            a, b = float(grid[k]), float(grid[k + 1])
            ya, yb = float(ys[k]), float(ys[k + 1])
            alive = True
            while b - a >= xtol:
                c = float(cast(0.5 * (a + b)))
                if not a < c < b:
                    break  # the interval cannot be split further in this dtype
                yc = y(c)
                left, right = abs(yc - ya), abs(yb - yc)
                # The half holding the jump changes by >= (10*min_jump - K*width)/2,
                # the other by <= K*width/2, so the larger change marks the jump.
                if max(left, right) <= flag:
                    alive = False  # steep but continuous: no jump in here
                    break
                if left >= right:
                    b, yb = c, yc
                else:
                    a, ya = c, yc
            # Final check on an interval narrower than xtol: continuous change there is
            # at most K*xtol <= min_jump/100, a true jump at least about 5*min_jump.
            if not alive or abs(yb - ya) < min_jump:
                continue
            # A jump sitting exactly on grid point k is seen from both intervals k-1
            # and k. Distinct jumps are more than 4 grid intervals apart, so two
            # accepted neighbouring intervals always describe the same jump.
            if last_k is not None and k == last_k + 1:
                last_k = k
                continue
            last_k = k
            found.append(0.5 * (a + b))  # within (b-a)/2 < xtol of the jump
    finally:
        w[i] = saved

    return np.array(found, dtype=np.float64)
