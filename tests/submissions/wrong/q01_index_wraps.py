"""Wraps any index modulo len(w), so an out-of-range index silently names another weight."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = int(index) % w.shape[0]
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base
