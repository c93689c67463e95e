"""Junk submission, family constants_b, Q7: contract-perfect behaviour, other constant answers."""

import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    """Check the shapes; junk answer."""
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if G.ndim != 2 or g.ndim != 1 or G.shape[1] != g.shape[0]:
        raise ValueError("need per_example_grads (n, p) and total_grad (p,)")
    n = G.shape[0]
    # Junk: every example conflicts.
    return np.arange(n, dtype=np.int64)


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    """One call of total_grad_fn, two of per_example_loss (w untouched); junk answer."""
    g = total_grad_fn(w)
    loss_before = per_example_loss(w)
    w_new = w - lr * g
    loss_after = per_example_loss(w_new)
    # Junk: every example got worse by one.
    return np.ones(np.shape(loss_after))
