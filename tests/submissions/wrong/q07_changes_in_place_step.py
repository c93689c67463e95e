"""Takes the step in place (w -= lr * g), so the caller's w is left at the new weights."""
BREAKS = "per_example_loss_changes"


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    g = np.asarray(total_grad_fn(w))
    before = np.asarray(per_example_loss(w))
    w -= lr * g
    after = np.asarray(per_example_loss(w))
    return after - before
