"""Reduces the index modulo len(w) instead of checking its range: an index past either end silently names another weight instead of raising IndexError."""
BREAKS = "find_jumps"

_find_jumps_checked = find_jumps


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    return _find_jumps_checked(predict, w, x, int(index) % w.shape[0], lo, hi,
                               min_jump=min_jump, xtol=xtol)
