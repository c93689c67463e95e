"""Perturbs a full copy of w: correct values, but 120 MB extra on the 30M-weight model."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    w2 = w.copy()
    w2[index] = w2[index] + eps
    return np.asarray(predict(w2, X)) - np.asarray(predict(w, X))
