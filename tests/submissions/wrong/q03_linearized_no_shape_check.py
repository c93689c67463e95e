"""Never compares shapes, so broadcastable mismatches such as (n,) with (n, 1) give a number."""
BREAKS = "linearized_loss_change"


def linearized_loss_change(y_pred, y_true, dy):
    r = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    L = float(np.sqrt(np.mean(r ** 2)))
    if L == 0.0:
        return float(np.sqrt(np.mean(dy ** 2)))
    return float(np.mean(r * dy) / L)
