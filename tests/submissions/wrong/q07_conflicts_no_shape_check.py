"""Relies on the matrix product to reject bad shapes: a 1-D per_example_grads or a (p, 1) total_grad slips through."""
BREAKS = "conflicting_examples"


def conflicting_examples(per_example_grads, total_grad):
    d = np.asarray(per_example_grads) @ np.asarray(total_grad)
    return np.flatnonzero(d < 0)
