"""Public examples for Q3 (challenges/q03_loss_change.py)."""

import numpy as np
import pytest

from gdkit.models import MLP, per_example_rmse, rmse
import q03_loss_change as q
from helpers import CallbackFailed, Counted


def test_loss_change_docstring_example():
    """Per-example |y - Y| changes and the total RMSE change, as a tuple (array, float)."""
    w = np.array([1.0, 0.0]); X = np.eye(2); Y = np.zeros(2)
    per_example, total = q.loss_change(lambda w, X: X @ w, w, X, Y, 1, 0.5)
    assert isinstance(per_example, np.ndarray) and per_example.shape == (2,)
    np.testing.assert_allclose(per_example, [0.0, 0.5], rtol=0, atol=1e-12)
    assert float(total) == pytest.approx(np.sqrt(1.25 / 2) - np.sqrt(0.5), rel=1e-9)


def test_loss_change_two_outputs_two_calls_w_unchanged():
    """With (n, k) outputs L_i averages over k; exactly 2 calls; w unchanged (negative index)."""
    net = MLP([3, 5, 2], "tanh")
    w = net.init(np.random.default_rng(3)); w[7] = 0.0039  # (w + 1e-4) - 1e-4 != w
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    before = w.tobytes()
    spy = Counted(net.predict)
    per_example, total = q.loss_change(spy, w, X, Y, 7 - len(w), 1e-4)
    assert spy.calls == 2 and w.tobytes() == before
    w2 = w.copy(); w2[7] = w[7] + 1e-4
    y0, y1 = net.predict(w, X), net.predict(w2, X)
    np.testing.assert_allclose(per_example, per_example_rmse(y1, Y) - per_example_rmse(y0, Y),
                               rtol=0, atol=1e-12)
    assert float(total) == pytest.approx(rmse(y1, Y) - rmse(y0, Y), abs=1e-12)
    w2 = w.copy(); w2[0] = w[0] + 1e-4   # -len(w) names weight 0
    per_example, total = q.loss_change(net.predict, w, X, Y, np.int64(-len(w)), 1e-4)
    y2 = net.predict(w2, X)
    np.testing.assert_allclose(per_example, per_example_rmse(y2, Y) - per_example_rmse(y0, Y),
                               rtol=0, atol=1e-12)


def test_loss_change_errors_leave_w_unchanged():
    """predict's exception propagates and w holds its old bytes; bad indices raise IndexError."""
    w = np.array([0.0039, 0.7]); X = np.eye(2); Y = np.ones(2)
    before = w.tobytes()
    for fail_on in (1, 2):
        with pytest.raises(CallbackFailed):
            q.loss_change(Counted(lambda w, X: X @ w, fail_on), w, X, Y, 0, 1e-4)
        assert w.tobytes() == before
    for bad in (2, -3):
        with pytest.raises(IndexError):
            q.loss_change(lambda w, X: X @ w, w, X, Y, bad, 1e-4)


def test_linearized_docstring_examples():
    """mean((y - Y) * dy) / L when L > 0; sqrt(mean(dy^2)) at a perfect fit."""
    assert float(q.linearized_loss_change(np.array([2.0, 2.0]), np.zeros(2),
                                          np.array([1.0, 3.0]))) == pytest.approx(2.0, rel=1e-12)
    assert float(q.linearized_loss_change(np.ones(2), np.ones(2),
                                          np.array([3.0, -3.0]))) == pytest.approx(3.0, rel=1e-12)


def test_linearized_is_the_directional_derivative():
    """On 2-D outputs the value matches (L(y + t dy) - L(y)) / t for small t."""
    rng = np.random.default_rng(5)
    y, Y, dy = rng.standard_normal((3, 4, 2))
    value = float(q.linearized_loss_change(y, Y, dy))
    assert value == pytest.approx(np.mean((y - Y) * dy) / rmse(y, Y), rel=1e-9)
    t = 1e-6
    assert value == pytest.approx((rmse(y + t * dy, Y) - rmse(y, Y)) / t, abs=1e-5)
    dy = np.array([1.0, 3.0])   # a tiny or huge misfit is still L > 0: mean(r dy) / L = 2
    for r in (1e-10, 1e-200, 1e200):
        value = float(q.linearized_loss_change(np.full(2, r), np.zeros(2), dy))
        assert value == pytest.approx(2.0, rel=1e-9), r


def test_linearized_rejects_shape_mismatch():
    """y_pred, y_true and dy of different shapes raise ValueError."""
    with pytest.raises(ValueError):
        q.linearized_loss_change(np.zeros(3), np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError):
        q.linearized_loss_change(np.zeros((2, 2)), np.zeros(4), np.zeros((2, 2)))
