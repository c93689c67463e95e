"""Calls total_grad_fn twice (once to check for a zero gradient, once for the step)."""
BREAKS = "per_example_loss_changes"


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    before = np.asarray(per_example_loss(w))
    if not np.any(np.asarray(total_grad_fn(w))):
        return np.zeros_like(before, dtype=float)
    w_new = w - lr * np.asarray(total_grad_fn(w))
    return np.asarray(per_example_loss(w_new)) - before
