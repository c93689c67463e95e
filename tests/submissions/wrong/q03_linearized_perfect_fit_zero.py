"""Returns 0 at a perfect fit, as if the RMSE were flat there (it has a kink with slope RMS(dy))."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    L = float(np.sqrt(np.mean(r ** 2)))
    if L == 0.0:
        return 0.0
    return float(np.mean(r * dy) / L)
