"""Solves the normal equations with inv(X^T X), which fails when X^T X is singular."""
BREAKS = "best_achievable_mse"


def best_achievable_mse(X, Y):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    w = np.linalg.inv(X.T @ X) @ (X.T @ Y)
    return float(np.mean((X @ w - Y) ** 2))
