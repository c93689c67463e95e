"""Restores w only when predict returns normally (no try/finally)."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    saved = w[i].copy()
    w[i] = w[i] + eps
    moved = np.asarray(predict(w, X))
    w[i] = saved
    return moved - base
