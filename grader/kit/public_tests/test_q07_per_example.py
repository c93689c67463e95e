"""Public examples for Q7 (challenges/q07_per_example.py)."""

import numpy as np
import pytest

from gdkit.models import MLP
import q07_per_example as q
from helpers import Counted, assert_indices


def test_conflicting_docstring_example():
    """Only row 1 has a negative dot product with the total gradient."""
    G = np.array([[1.0, 0.0], [-1.0, 1.0], [0.0, 1.0]])
    assert_indices(q.conflicting_examples(G, np.array([1.0, 0.0])), [1])


def test_conflicting_strict_and_orthogonal_rows():
    """Dot product exactly 0 is not a conflict; indices ascend; none gives an empty array."""
    g = np.array([1.0, 2.0, 0.0])
    G = np.array([[2.0, -1.0, 5.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 3.0],
                  [1.0, -1.0, 0.0], [3.0, 1.0, 0.0]])
    assert_indices(q.conflicting_examples(G, g), [1, 3])
    assert_indices(q.conflicting_examples(np.abs(G), g), [])
    tiny = np.array([[-1e-20, 0.0, 0.0], [1e-20, 0.0, 0.0]])   # any negative dot counts
    assert_indices(q.conflicting_examples(tiny, g), [0])
    rng = np.random.default_rng(8)  # small integers: every dot product is exact
    G = rng.integers(-3, 4, size=(3000, 40)).astype(np.float64)
    g = rng.integers(-3, 4, size=40).astype(np.float64)
    assert_indices(q.conflicting_examples(G, g), np.flatnonzero(G @ g < 0))


def test_conflicting_shape_mismatch():
    """Mismatched p, or arrays of the wrong number of dimensions, raise ValueError."""
    for G, g in ((np.zeros((3, 2)), np.zeros(3)), (np.zeros(3), np.zeros(3)),
                 (np.zeros((3, 2)), np.zeros((2, 1)))):
        with pytest.raises(ValueError):
            q.conflicting_examples(G, g)


def test_changes_docstring_example():
    """After one step from w = 0 example 0 gets worse (+1.25), example 1 better (-2.75)."""
    t = np.array([-1.0, 3.0])
    per_example_loss = lambda w: (w[0] - t) ** 2
    total_grad_fn = lambda w: np.array([np.mean(2 * (w[0] - t))])
    got = q.per_example_loss_changes(per_example_loss, total_grad_fn, np.array([0.0]), 0.25)
    assert isinstance(got, np.ndarray) and got.shape == (2,)
    np.testing.assert_allclose(got, [1.25, -2.75], rtol=0, atol=1e-12)


def test_changes_on_a_network_call_counts_and_w_unchanged():
    """w_new = w - lr * grad; 1 gradient call, 2 loss calls; w keeps its bytes."""
    net = MLP([2, 6, 1], "tanh")
    w = net.init(np.random.default_rng(9))
    rng = np.random.default_rng(10)
    X, Y = rng.standard_normal((8, 2)), rng.standard_normal(8)
    before = w.tobytes()
    loss = Counted(lambda w: net.per_example_loss(w, X, Y))
    grad = Counted(lambda w: net.loss_gradient(w, X, Y))
    got = q.per_example_loss_changes(loss, grad, w, 0.3)
    assert grad.calls == 1 and loss.calls == 2 and w.tobytes() == before
    w_new = w - 0.3 * net.loss_gradient(w, X, Y)
    expected = net.per_example_loss(w_new, X, Y) - net.per_example_loss(w, X, Y)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert (got > 0).any() and (got < 0).any()  # one step: some examples better, some worse
