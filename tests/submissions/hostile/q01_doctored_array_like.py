"""Returns an object with __array__ (right values), __eq__ always True and a fake __class__."""
BREAKS = "partial_derivative"

_reference_partial_derivative = partial_derivative


class _Impostor:
    def __init__(self, value):
        self._value = value
        self.shape, self.dtype = value.shape, value.dtype

    def __array__(self, dtype=None, copy=None):
        return self._value

    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.0

    @property
    def __class__(self):
        return np.ndarray


def partial_derivative(predict, w, X, index, h=1e-5):
    return _Impostor(np.asarray(_reference_partial_derivative(predict, w, X, index, h)))
