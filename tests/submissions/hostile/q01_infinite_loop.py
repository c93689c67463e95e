"""Never returns: a busy loop (the per-call wall-time limit and the function's time budget stop it)."""
BREAKS = "perturb_and_measure"


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    while True:
        pass
