"""Never checks lo < hi, xtol > 0 or min_jump > 0: bad arguments give an empty result instead of ValueError."""
BREAKS = "find_jumps"

_checked_find_jumps = find_jumps


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if not (lo < hi and xtol > 0 and min_jump > 0):
        _resolve(w, index)
        return np.array([], dtype=np.float64)
    return _checked_find_jumps(predict, w, x, index, lo, hi, min_jump=min_jump, xtol=xtol)
