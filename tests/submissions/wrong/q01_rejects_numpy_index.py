"""Insists on a Python int index, so a numpy.int64 index (as from np.argmax) raises TypeError."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    if type(index) is not int:
        raise TypeError(f"index must be an int, not {type(index).__name__}")
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base
