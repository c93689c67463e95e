"""Public examples for Q1 (challenges/q01_perturb.py)."""

from fractions import Fraction

import numpy as np
import pytest

from gdkit.models import MLP
import q01_perturb as q
from helpers import CallbackFailed, Counted


def small_net():
    net = MLP([3, 4, 2], "tanh")
    w = net.init(np.random.default_rng(1))
    w[5] = 0.0039  # (w + 1e-4) - 1e-4 != w and (w + 1e-5) - 2e-5 != w - 1e-5 here
    X = np.random.default_rng(2).standard_normal((5, 3))
    return net, w, X


def change(net, w, X, i, eps=1e-4):
    """predict(w', X) - predict(w, X) computed on a copy: w'[i] = w[i] + eps."""
    w2 = w.copy(); w2[i] = w[i] + eps
    return net.predict(w2, X) - net.predict(w, X)


def test_perturb_docstring_example_and_output_shape():
    """Returns predict(w', X) - predict(w, X), shaped like predict's output."""
    w = np.array([1.0, 2.0]); X = np.array([[3.0, 0.0], [1.0, 1.0]])
    out = q.perturb_and_measure(lambda w, X: X @ w, w, X, 0, eps=0.5)
    np.testing.assert_allclose(out, [1.5, 0.5], rtol=0, atol=1e-12)
    net, w, X = small_net()
    out = q.perturb_and_measure(net.predict, w, X, 5)
    assert isinstance(out, np.ndarray) and out.shape == (5, 2)
    np.testing.assert_array_equal(out, change(net, w, X, 5))  # float64: one possible w'


def test_perturb_two_calls_w_unchanged_and_index_rules():
    """Exactly 2 calls; w keeps its bytes, also when predict raises; NumPy index rules."""
    net, w, X = small_net()
    before = w.tobytes()
    spy = Counted(net.predict, index=5)
    out = q.perturb_and_measure(spy, w, X, np.int64(5 - len(w)), eps=1e-4)
    assert spy.calls == 2 and w.tobytes() == before
    np.testing.assert_array_equal(out, change(net, w, X, 5))
    np.testing.assert_array_equal(q.perturb_and_measure(net.predict, w, X, -len(w)),
                                  change(net, w, X, 0))   # -len(w) names weight 0
    for fail_on in (1, 2):
        with pytest.raises(CallbackFailed):
            q.perturb_and_measure(Counted(net.predict, fail_on=fail_on), w, X, 5)
        assert w.tobytes() == before
    for bad in (len(w), -len(w) - 1):
        with pytest.raises(IndexError):
            q.perturb_and_measure(net.predict, w, X, bad)
    assert w.tobytes() == before


def test_perturb_float32_weight_is_one_of_the_accepted_roundings():
    """For float32 w, w'[i] is w[i] + eps rounded in one of the accepted ways."""
    w = np.array([0.3, 2.0, -2.1], dtype=np.float32)  # (2 + 1e-4) - 1e-4 != 2 in float32
    X = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    before = w.tobytes()
    spy = Counted(lambda w, X: X.astype(np.float64) @ w.astype(np.float64), index=1)
    out = q.perturb_and_measure(spy, w, X, 1, eps=1e-4)
    assert w.tobytes() == before and spy.calls == 2
    moved = [v for v in spy.seen if v != w[1]]
    assert len(moved) == 1, "one of the two calls must see the moved weight"
    v = moved[0]
    assert np.float32(v) == v, "w' holds the moved weight in w's dtype (float32)"
    exact = Fraction(float(w[1])) + Fraction(1e-4)
    ulp = Fraction(float(np.spacing(np.float32(v))))
    assert abs(Fraction(float(v)) - exact) <= ulp  # within one unit in the last place
    np.testing.assert_allclose(out, [2.0 * (float(v) - float(w[1]))], rtol=0, atol=1e-12)


def test_partial_derivative_docstring_example():
    """Central difference of (w0)^2 at w0 = 1 is 2."""
    w = np.array([1.0, 2.0]); X = np.array([[1.0, 0.0]])
    out = q.partial_derivative(lambda w, X: (X @ w) ** 2, w, X, 0)
    assert isinstance(out, np.ndarray) and out.shape == (1,)
    np.testing.assert_allclose(out, [2.0], atol=1e-8)


def central(net, w, X, i, h=1e-5):
    """The central difference on copies, both moved weights built from the original w[i]."""
    up, down = w.copy(), w.copy(); up[i] = w[i] + h; down[i] = w[i] - h
    return (net.predict(up, X) - net.predict(down, X)) / (2 * h)


def test_partial_derivative_matches_backprop_two_calls():
    """Close to dY/dw_i; both steps from the original w[i]; exactly 2 calls; w unchanged."""
    net, w, X = small_net()
    before = w.tobytes()
    spy = Counted(net.predict)
    out = q.partial_derivative(spy, w, X, 5, h=1e-5)
    assert spy.calls == 2 and w.tobytes() == before and out.shape == (5, 2)
    exact = [[net.output_gradient(w, X, n, k)[5] for k in range(2)] for n in range(5)]
    np.testing.assert_allclose(out, exact, atol=1e-7)
    np.testing.assert_allclose(out, central(net, w, X, 5), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(q.partial_derivative(net.predict, w, X, -len(w)),
                               central(net, w, X, 0), rtol=1e-13, atol=1e-13)
    assert w.tobytes() == before


def test_partial_derivative_rejects_bad_h_and_index():
    """h <= 0 raises ValueError; an out-of-range index raises IndexError."""
    net, w, X = small_net()
    for bad_h in (0.0, -1e-3):
        with pytest.raises(ValueError):
            q.partial_derivative(net.predict, w, X, 0, h=bad_h)
    for bad in (len(w), -len(w) - 1):
        with pytest.raises(IndexError):
            q.partial_derivative(net.predict, w, X, bad)
