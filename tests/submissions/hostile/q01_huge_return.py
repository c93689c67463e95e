"""Returns a 2 GiB array (a broadcast view: almost no memory in the worker, 2 GiB once encoded)."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    return np.broadcast_to(np.float64(1.0), (1 << 28,))
