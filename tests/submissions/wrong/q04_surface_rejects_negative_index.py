"""Accepts only 0 <= index < len(w): a negative i or j raises IndexError instead of counting from the end."""
BREAKS = "loss_surface"

_loss_surface_checked = loss_surface


def loss_surface(total_loss, w, i, j, offsets):
    for k in (i, j):
        if not 0 <= k < w.shape[0]:
            raise IndexError(f"index {k} is out of bounds for w of size {w.shape[0]}")
    return _loss_surface_checked(total_loss, w, i, j, offsets)
