"""Reference for Q7: the total loss fell, but did every example's loss fall?"""

import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if G.ndim != 2 or g.ndim != 1 or G.shape[1] != g.shape[0]:
        raise ValueError(
            f"per_example_grads must be (n, p) and total_grad (p,); got {G.shape} and {g.shape}"
        )
    # One matrix-vector product gives every first-order loss change at once:
    # a step -lr*g changes L_i by about -lr * <grad_i, g>, so a negative dot
    # product means example i gets worse. Strict "<": an exactly orthogonal
    # example does not move to first order and is not a conflict.
    return np.flatnonzero(G @ g < 0)


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    # The step is taken on a new array, so w itself is never written to.
    g = np.asarray(total_grad_fn(w))
    w_new = w - lr * g
    before = np.asarray(per_example_loss(w))
    after = np.asarray(per_example_loss(w_new))
    return np.asarray(after - before)
