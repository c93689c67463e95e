"""Returns the old loss minus the new one (the improvement), so a worse example comes out negative."""
BREAKS = "per_example_loss_changes"


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    g = np.asarray(total_grad_fn(w))
    before = np.asarray(per_example_loss(w))
    after = np.asarray(per_example_loss(w - lr * g))
    return before - after
