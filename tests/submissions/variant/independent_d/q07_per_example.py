"""Q7 written differently: row-by-row products with einsum (another summation order), indices
built from np.nonzero as int32, the loss after the step evaluated before the loss at w, and the
step written as w + (-lr * g) into a fresh array."""

import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if len(G.shape) != 2:
        raise ValueError(f"per_example_grads must be 2-D, got shape {G.shape}")
    if len(g.shape) != 1 or g.shape[0] != G.shape[1]:
        raise ValueError(f"total_grad must have shape ({G.shape[1]},), got {g.shape}")
    dots = np.einsum("np,p->n", G, g)
    (rows,) = np.nonzero(dots < 0.0)
    return rows.astype(np.int32)


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    step = -lr * np.asarray(total_grad_fn(w), dtype=float)
    w_new = np.empty_like(w)
    np.add(w, step, out=w_new)
    after = np.asarray(per_example_loss(w_new), dtype=float)
    before = np.asarray(per_example_loss(w), dtype=float)
    return np.array([a - b for a, b in zip(after.tolist(), before.tolist())], dtype=np.float64)
