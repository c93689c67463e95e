"""Public examples for Q9 (challenges/q09_zero_gradients.py)."""

import numpy as np
import pytest

from gdkit.models import MLP
import q09_zero_gradients as q
from helpers import Counted, assert_indices


def test_dead_units_docstring_example():
    """Unit 1 has pre-activation -x < 0 on both rows."""
    W1 = np.array([[1.0, -1.0]]); b1 = np.array([0.0, 0.0]); X = np.array([[1.0], [2.0]])
    assert_indices(q.dead_relu_units(W1, b1, X), [1])


def test_dead_units_zero_counts_as_off():
    """Z <= 0 on every row is dead (exactly 0 included); one positive row keeps a unit alive."""
    X = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    W1 = np.array([[0.0, -1.0, 1.0, 0.0], [0.0, -1.0, 0.0, 1.0]])
    b1 = np.array([0.0, 0.0, -2.9, -1.0])   # unit 2: 3 - 2.9 > 0 on row 2; unit 3: 2 - 1 > 0
    assert_indices(q.dead_relu_units(W1, b1, X), [0, 1])
    assert_indices(q.dead_relu_units(W1, b1 + 5.0, X), [])


def test_dead_units_shape_mismatch():
    """Sizes that do not fit together raise ValueError."""
    W1, b1, X = np.zeros((2, 3)), np.zeros(3), np.zeros((4, 2))
    for args in ((W1, b1, np.zeros((4, 3))), (W1, np.zeros(2), X), (np.zeros(6), b1, X),
                 (W1, np.zeros(1), X), (W1, b1, np.zeros((4, 1))), (W1, np.zeros((1, 3)), X),
                 (W1, b1, np.zeros(2)), (W1, np.zeros((3, 1)), X)):
        with pytest.raises(ValueError):
            q.dead_relu_units(*args)


def test_revived_docstring_example():
    """g = (-1, 0) at w = 0; after the step g_new[1] = w0 = 0.5 != 0."""
    grad_fn = lambda w: np.array([w[0] - 1.0 + w[1], w[0]])
    assert_indices(q.revived_coordinates(grad_fn, np.array([0.0, 0.0]), 0.5), [1])


def test_revived_only_zero_to_nonzero_two_calls():
    """Zero -> nonzero is returned, zero -> zero and nonzero -> zero not; 2 calls; w unchanged."""
    grad_fn = Counted(lambda w: np.array([w[0] - 1.0, 0.0 * w[1], w[0] * w[3], w[3] - 2.0,
                                          w[0] - 0.5, max(w[0], 0.0), w[6] - 1.0,
                                          1e-12 * w[0], 1e-12 + 0 * w[8]]))
    w = np.array([0.0, 0.1, 0.0, 2.0, 0.0, 0.0, 0.0039, 0.0, 0.0])
    before = w.tobytes()
    # g = (-1, 0, 0, 0, -0.5, 0, -0.9961, 0, 1e-12): downhill (w - lr g) w0 moves to 0.5
    assert_indices(q.revived_coordinates(grad_fn, w, 0.5), [2, 5, 7])   # exact: 5e-13 != 0
    assert grad_fn.calls == 2 and w.tobytes() == before


def test_a_dead_first_layer_unit_stays_dead():
    """On a ReLU net, the weights into a unit dead on all inputs are never revived."""
    net = MLP([2, 3, 1], "relu")
    w = net.init(np.random.default_rng(14))
    w[net.bias_index(0, 0)] = -10.0   # unit 0 is off on every input below
    rng = np.random.default_rng(15)
    X, Y = rng.uniform(-1, 1, (10, 2)), rng.standard_normal(10)
    grad_fn = lambda w: net.loss_gradient(w, X, Y)
    got = q.revived_coordinates(grad_fn, w, 0.1)
    g = grad_fn(w); g_new = grad_fn(w - 0.1 * g)
    assert_indices(got, np.flatnonzero((g == 0) & (g_new != 0)))
    W1, b1 = net.layers(w)[0]
    assert 0 in q.dead_relu_units(W1, b1, X)
    into_unit_0 = [net.weight_index(0, r, 0) for r in range(2)] + [net.bias_index(0, 0)]
    assert not set(into_unit_0) & set(got.tolist())
