"""Bounds the index by abs(index) < len(w), so the lowest valid index -len(w) (weight 0) raises IndexError."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    if abs(index) >= len(w):
        raise IndexError(f"index {index} is out of bounds for w of size {len(w)}")
    i = int(index) % len(w)
    base = np.asarray(predict(w, X))
    moved = _eval_at(predict, w, X, i, w[i] + eps)
    return moved - base
