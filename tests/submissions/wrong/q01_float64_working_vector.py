"""Perturbs np.asarray(w, dtype=np.float64) 'for precision': for float32 w that is a float64 copy, not w's dtype."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    i = _resolve(w, index)
    base = np.asarray(predict(w, X))
    # No copy when w is already float64; a float64 copy of the whole vector when it is float32.
    w64 = np.asarray(w, dtype=np.float64)
    moved = _eval_at(predict, w64, X, i, w64[i] + eps)
    return moved - base
