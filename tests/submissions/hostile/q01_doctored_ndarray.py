"""Returns an ndarray subclass (right values) whose == and comparisons always say "equal"."""
BREAKS = "perturb_and_measure"

_reference_perturb_and_measure = perturb_and_measure


class _Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool).view(np.ndarray)

    __ne__ = lambda self, other: np.zeros(self.shape, dtype=bool).view(np.ndarray)  # noqa: E731

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    return np.asarray(_reference_perturb_and_measure(predict, w, X, index, eps)).view(_Agreeable)
