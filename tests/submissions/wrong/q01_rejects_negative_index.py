"""Checks 0 <= index < len(w), so a negative index raises IndexError instead of counting from the end."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = int(index)
    if not 0 <= i < w.shape[0]:
        raise IndexError(f"index {index} is out of bounds for w of size {w.shape[0]}")
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base
