"""Returns the surface transposed: rows follow weight j and columns weight i."""
BREAKS = "loss_surface"

_loss_surface_right = loss_surface


def loss_surface(total_loss, w, i, j, offsets):
    return _loss_surface_right(total_loss, w, i, j, offsets).T.copy()
