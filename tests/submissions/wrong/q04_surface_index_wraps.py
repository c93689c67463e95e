"""Reduces i and j modulo len(w) instead of checking their range: an index past either end silently names another weight instead of raising IndexError."""
BREAKS = "loss_surface"

_loss_surface_checked = loss_surface


def loss_surface(total_loss, w, i, j, offsets):
    n = w.shape[0]
    return _loss_surface_checked(total_loss, w, int(i) % n, int(j) % n, offsets)
