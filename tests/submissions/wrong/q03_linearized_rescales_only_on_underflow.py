"""Rescales the residuals only when their squares underflow to 0: with residuals ~1e160 the squares overflow,
L is inf and the slope comes out 0."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    y_pred, y_true, dy = np.asarray(y_pred), np.asarray(y_true), np.asarray(dy)
    if not y_pred.shape == y_true.shape == dy.shape:
        raise ValueError("shapes differ")
    r = (y_pred - y_true).astype(np.float64)
    sq = float(np.mean(r * r))
    if sq == 0.0:
        if not np.any(r):
            return float(np.sqrt(np.mean(dy ** 2)))
        r = r / np.max(np.abs(r))
        sq = float(np.mean(r * r))
    return float(np.mean(r * dy) / np.sqrt(sq))
