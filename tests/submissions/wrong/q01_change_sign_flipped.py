"""Returns predict(w, X) - predict(w', X): the change with the wrong sign."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return base - moved
