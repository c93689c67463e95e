"""Steps along the gradient (w + lr * g) instead of against it."""
BREAKS = "per_example_loss_changes"


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    g = np.asarray(total_grad_fn(w))
    before = np.asarray(per_example_loss(w))
    after = np.asarray(per_example_loss(w + lr * g))
    return after - before
