"""Calls predict a third time to 'double-check' the baseline."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = _resolve(w, index)
    predict(w, X)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base
