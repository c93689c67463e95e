"""Uses sums instead of means: sum(r * dy) / sqrt(mean(r^2)) is off by the number of entries."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    L = float(np.sqrt(np.mean(r ** 2)))
    if L == 0.0:
        return float(np.sqrt(np.mean(dy ** 2)))
    return float(np.sum(r * dy) / L)
