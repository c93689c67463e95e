"""Restores the weight with w[i] -= eps, which is not exact in floating point."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    base = np.asarray(predict(w, X))
    w[index] += eps
    moved = np.asarray(predict(w, X))
    w[index] -= eps
    return moved - base
