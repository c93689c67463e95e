"""Public examples for Q2 (challenges/q02_continuity.py)."""

import numpy as np
import pytest

from gdkit.models import MLP
import q02_continuity as q
from helpers import CallbackFailed, Counted


def assert_jumps(found, true, xtol):
    """Sorted float64 array, one value within xtol of each true jump, nothing else."""
    assert isinstance(found, np.ndarray) and found.dtype == np.float64 and found.ndim == 1
    assert np.all(np.diff(found) > 0), "sorted, each jump once"
    assert len(found) == len(true), f"expected {len(true)} jumps, got {found}"
    assert np.all(np.abs(found - np.asarray(true)) <= xtol * (1 + 1e-9)), found


def test_every_jump_once_within_xtol():
    """floor(2t) of the docstring; jumps on dyadic points (on many search grids); 99 jumps."""
    w = np.array([0.0, 0.0]); x = np.array([2.0, 0.0])
    found = q.find_jumps(lambda w, X: np.floor(X @ w), w, x, 0, 0.1, 1.9)
    assert_jumps(found, [0.5, 1.0, 1.5], 1e-9)
    one, zero = np.ones(1), np.zeros(1)
    spy = Counted(lambda w, X: np.clip(np.floor(4.0 * (X @ w)), 0.0, 3.0))  # none at 0 or 1
    assert_jumps(q.find_jumps(spy, zero, one, 0, 0.0, 1.0), [0.25, 0.5, 0.75], 1e-9)
    step = lambda w, X: np.where(X @ w > 0.0, 1.0, 0.0)
    assert_jumps(q.find_jumps(step, zero, one, 0, -1.0, 1.0), [0.0], 1e-9)
    spy = Counted(lambda w, X: np.floor(100.0 * (X @ w)))   # 99 jumps, 0.01 apart
    assert_jumps(q.find_jumps(spy, zero, one, 0, 0.005, 0.995), np.arange(1, 100) / 100.0, 1e-9)
    assert spy.calls <= 50_000


def test_continuous_outputs_have_no_jumps():
    """tanh, a steep smooth ramp, a ReLU kink or a line steep everywhere: an empty array."""
    w = np.array([0.0, 0.25]); x = np.array([1.0, 4.0])  # x @ w = t + 1
    none = q.find_jumps(lambda w, X: np.tanh(X @ w), w, x, 0, 0.1, 1.9)
    assert_jumps(none, [], 1e-9)
    assert none.shape == (0,)
    steep = lambda w, X: 50.0 * np.tanh(5.0 * (X @ w - 1.5))
    assert_jumps(q.find_jumps(steep, w, x, 0, -2.0, 2.0), [], 1e-9)
    kink = lambda w, X: 3.0 * np.maximum(X @ w - 1.2, 0.0)
    assert_jumps(q.find_jumps(kink, w, x, 0, -2.0, 2.0), [], 1e-9)
    spy = Counted(lambda w, X: 1000.0 * (X @ w))   # K xtol <= min_jump / 100 still holds
    assert_jumps(q.find_jumps(spy, w, x, 0, -2.0, 2.0), [], 1e-9)
    assert spy.calls <= 50_000 and w.tolist() == [0.0, 0.25]


def test_networks_slopes_and_errors():
    """A step net leaps where 2t - 1 crosses 0; a sloped floor; bad arguments; w restored."""
    net = MLP([1, 1, 1], "step")       # y = W2 * step(x * W1 + b1) + b2
    w = np.array([0.3, -1.0, 0.7, -0.35])  # W1, b1, W2, b2: y leaps from -0.35 to +0.35
    before = w.tobytes()
    spy = Counted(net.predict)
    assert_jumps(q.find_jumps(spy, w, np.array([2.0]), -4, -1.0, 2.0), [0.5], 1e-9)
    assert spy.calls <= 50_000 and w.tobytes() == before
    w = np.array([0.0, 0.25]); x = np.array([1.0, 4.0])  # x @ w = t + 1
    ramp = lambda w, X: 0.05 * (X @ w) + 0.5 * np.floor(X @ w)
    found = q.find_jumps(ramp, w, x, np.int64(0), 0.2, 3.3, min_jump=0.05, xtol=1e-10)
    assert_jumps(found, [1.0, 2.0, 3.0], 1e-10)   # t + 1 = 2, 3, 4; size 0.5 = 10 min_jump
    f = lambda w, X: np.floor(X @ w)
    for lo, hi, kwargs in ((1.0, 1.0, {}), (2.0, 1.0, {}), (0.0, 1.0, {"xtol": 0.0}),
                           (0.0, 1.0, {"min_jump": -1e-3})):
        with pytest.raises(ValueError):
            q.find_jumps(f, w, x, 0, lo, hi, **kwargs)
    for bad in (2, -3):
        with pytest.raises(IndexError):
            q.find_jumps(f, w, x, bad, 0.0, 1.0)
    with pytest.raises(CallbackFailed):
        q.find_jumps(Counted(f, fail_on=5), w, x, 0, 0.0, 3.0)
    assert w.tolist() == [0.0, 0.25]
