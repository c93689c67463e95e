"""Treats a small L (below 1e-8) as a perfect fit, so a tiny but real misfit gets RMS(dy)."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = y_pred - y_true
    L = float(np.sqrt(np.mean(r ** 2)))
    if np.isclose(L, 0.0, atol=1e-8):
        return float(np.sqrt(np.mean(dy ** 2)))
    return float(np.mean(r * dy) / L)
