"""Public examples for Q2 (challenges/q02_continuity.py)."""

import numpy as np
import pytest

from gdkit.models import MLP
import q02_continuity as q


class Counted:
    """Wraps predict and counts its calls."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, w, X):
        self.calls += 1
        return self.fn(w, X)


def assert_jumps(found, true, xtol):
    """Sorted float64 array, one value within xtol of each true jump, nothing else."""
    assert isinstance(found, np.ndarray) and found.dtype == np.float64 and found.ndim == 1
    assert np.all(np.diff(found) > 0), "sorted, each jump once"
    assert len(found) == len(true), f"expected {len(true)} jumps, got {found}"
    assert np.all(np.abs(found - np.asarray(true)) <= xtol * (1 + 1e-9)), found


def test_docstring_floor_jumps_and_continuous_ramps_do_not():
    """floor(2t) jumps at 0.5, 1 and 1.5; tanh, a steep smooth ramp or a ReLU kink never jump."""
    w = np.array([0.0, 0.0]); x = np.array([2.0, 0.0])
    found = q.find_jumps(lambda w, X: np.floor(X @ w), w, x, 0, 0.1, 1.9)
    assert_jumps(found, [0.5, 1.0, 1.5], 1e-9)
    none = q.find_jumps(lambda w, X: np.tanh(X @ w), w, x, 0, 0.1, 1.9)
    assert_jumps(none, [], 1e-9)
    assert none.shape == (0,)
    steep = lambda w, X: 50.0 * np.tanh(5.0 * (X @ w - 1.5))
    assert_jumps(q.find_jumps(steep, w, x, 0, -2.0, 2.0), [], 1e-9)
    kink = lambda w, X: 3.0 * np.maximum(X @ w - 1.2, 0.0)
    assert_jumps(q.find_jumps(kink, w, x, 0, -2.0, 2.0), [], 1e-9)


def test_step_network_and_sloped_floor_budget_w_unchanged():
    """Jumps where a pre-activation crosses a threshold, also on a slope; <= 50,000 calls."""
    net = MLP([1, 1, 1], "step")       # y = W2 * step(x * W1 + b1) + b2
    w = np.array([0.3, -1.0, 0.7, 0.1])  # W1, b1, W2, b2
    before = w.tobytes()
    spy = Counted(net.predict)
    found = q.find_jumps(spy, w, np.array([2.0]), -4, -1.0, 2.0, xtol=1e-9)
    assert_jumps(found, [0.5], 1e-9)   # 2 t - 1 = 0 (and the step sits exactly at t = 0.5)
    assert spy.calls <= 50_000 and w.tobytes() == before
    w = np.array([0.0, 0.25]); x = np.array([1.0, 4.0])  # x @ w = t + 1
    spy = Counted(lambda w, X: 0.05 * (X @ w) + 0.5 * np.floor(X @ w))
    found = q.find_jumps(spy, w, x, np.int64(0), 0.2, 3.3, xtol=1e-10)
    assert_jumps(found, [1.0, 2.0, 3.0], 1e-10)        # t + 1 = 2, 3, 4
    assert spy.calls <= 50_000 and w.tolist() == [0.0, 0.25]


def test_invalid_arguments_raise_value_error():
    """lo >= hi, xtol <= 0 or min_jump <= 0 raise ValueError."""
    w = np.zeros(2); x = np.ones(2)
    f = lambda w, X: np.floor(X @ w)
    for kwargs in ({"lo": 1.0, "hi": 1.0}, {"lo": 2.0, "hi": 1.0},
                   {"lo": 0.0, "hi": 1.0, "xtol": 0.0},
                   {"lo": 0.0, "hi": 1.0, "min_jump": -1e-3}):
        lo, hi = kwargs.pop("lo"), kwargs.pop("hi")
        with pytest.raises(ValueError):
            q.find_jumps(f, w, x, 0, lo, hi, **kwargs)
