"""Uses lstsq's residual sums, which are empty for rank-deficient or wide X (then returns 0)."""
BREAKS = "best_achievable_mse"


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    residuals = np.linalg.lstsq(X, Y, rcond=None)[1]
    return float(residuals.sum() / X.shape[0])
