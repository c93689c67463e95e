"""What the public tests share: the functions they pass to yours in place of predict, total_loss or
grad_fn, and a check of returned indices."""

import numpy as np


class CallbackFailed(Exception):
    """Raised by a test's predict or loss (not a RuntimeError, so a stub cannot pass by accident)."""


class Counted:
    """Wraps a function: counts its calls, keeps a copy of w[index] at each call if `index` is given,
    and raises CallbackFailed on call number `fail_on`."""

    def __init__(self, fn, fail_on=None, index=None):
        self.fn, self.fail_on, self.index, self.calls, self.seen = fn, fail_on, index, 0, []

    def __call__(self, w, *args):
        self.calls += 1
        if self.index is not None:
            self.seen.append(w[self.index].copy())
        if self.calls == self.fail_on:
            raise CallbackFailed(f"call {self.calls} failed, as the test asked")
        return self.fn(w, *args)


def assert_indices(got, expected):
    """An integer ndarray equal to `expected` (ascending)."""
    assert isinstance(got, np.ndarray) and np.issubdtype(got.dtype, np.integer), got
    np.testing.assert_array_equal(got, np.asarray(expected, dtype=np.int64).reshape(-1))
