"""Q7 (independent variant A)."""
import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if G.ndim != 2 or g.ndim != 1 or G.shape[1] != g.shape[0]:
        raise ValueError("shape mismatch")
    dots = G @ g
    return np.flatnonzero(dots < 0)


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    before = np.asarray(per_example_loss(w), dtype=np.float64)
    g = np.asarray(total_grad_fn(w))
    w_new = w - lr * g
    after = np.asarray(per_example_loss(w_new), dtype=np.float64)
    return after - before
