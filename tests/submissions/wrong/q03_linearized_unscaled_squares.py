"""Computes L = sqrt(mean(r**2)) directly: squares of residuals ~1e-170 underflow to 0 (taken for a perfect fit)
and squares of residuals ~1e160 overflow to inf (slope 0)."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    L = float(np.sqrt(np.mean(r ** 2)))
    if L == 0.0:
        return float(np.sqrt(np.mean(dy ** 2)))
    return float(np.mean(r * dy) / L)
