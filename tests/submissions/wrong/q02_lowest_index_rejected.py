"""Checks the index range with -len(w) < index, so the lowest valid index, -len(w) (weight 0), raises IndexError."""
BREAKS = "find_jumps"

_find_jumps_checked = find_jumps


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    if not -w.shape[0] < index < w.shape[0]:
        raise IndexError(f"index {index} is out of bounds for w of size {w.shape[0]}")
    return _find_jumps_checked(predict, w, x, index, lo, hi, min_jump=min_jump, xtol=xtol)
