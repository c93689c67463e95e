"""Q7 (variant B): examples whose loss rises under a step."""
import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if G.ndim != 2 or g.ndim != 1 or G.shape[1] != g.shape[0]:
        raise ValueError("need per_example_grads (n, p) and total_grad (p,)")
    dots = G @ g
    return np.flatnonzero(dots < 0)


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    g = np.asarray(total_grad_fn(w))
    w_new = w - lr * g
    # variant B: stepped point first, then the base point
    after = np.array(per_example_loss(w_new), copy=True)
    before = np.asarray(per_example_loss(w))
    return np.asarray(after - before)
