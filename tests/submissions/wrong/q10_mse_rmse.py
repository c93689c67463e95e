"""Returns the root mean squared error instead of the mean squared error."""
BREAKS = "best_achievable_mse"


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    w = np.linalg.lstsq(X, Y, rcond=None)[0]
    return float(np.sqrt(np.mean((X @ w - Y) ** 2)))
