"""Always divides by L, so a perfect fit gives nan instead of sqrt(mean(dy^2))."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    with np.errstate(all="ignore"):
        return float(np.mean(r * dy) / np.sqrt(np.mean(r ** 2)))
