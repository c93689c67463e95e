"""Returns the boolean mask of conflicting rows instead of their indices."""
BREAKS = "conflicting_examples"


def conflicting_examples(per_example_grads, total_grad):
    G = np.asarray(per_example_grads)
    g = np.asarray(total_grad)
    if G.ndim != 2 or g.ndim != 1 or G.shape[1] != g.shape[0]:
        raise ValueError("per_example_grads must be (n, p) and total_grad (p,)")
    return G @ g < 0
