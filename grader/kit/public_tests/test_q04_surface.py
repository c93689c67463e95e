"""Public examples for Q4 (challenges/q04_surface.py)."""

import numpy as np
import pytest

import q04_surface as q
from helpers import CallbackFailed, Counted


def test_surface_docstring_example():
    """Z[a, b] is the loss with w[i] moved by offsets[a] and w[j] by offsets[b]; R*R calls."""
    spy = Counted(lambda w: float(w[0] ** 2 + w[1] ** 2))
    w = np.array([0.0, 0.0, 5.0])
    Z = q.loss_surface(spy, w, 0, -2, np.array([-1.0, 0.0, 1.0]))
    expected = [[2.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 2.0]]
    assert isinstance(Z, np.ndarray) and Z.shape == (3, 3)
    np.testing.assert_allclose(Z, expected, rtol=0, atol=1e-12)
    assert spy.calls == 9 and w.tolist() == [0.0, 0.0, 5.0]


def test_surface_axes_order_and_w_unchanged():
    """Axis 0 follows weight i, axis 1 weight j; moves start from the original weights."""
    loss = lambda w: float(w[1] + 10.0 * w[3] + 100.0 * w[0])
    w = np.array([0.3, 0.0039, -0.7, 0.2])
    before = w.tobytes()
    offsets = np.array([-0.1, 1e-4, 0.3, 0.05])
    spy = Counted(loss)
    Z = q.loss_surface(spy, w, 1, 3, offsets)
    assert spy.calls == 16 and w.tobytes() == before and Z.shape == (4, 4)
    expected = np.empty((4, 4))
    for a, da in enumerate(offsets):
        for b, db in enumerate(offsets):
            w2 = w.copy(); w2[1] = w[1] + da; w2[3] = w[3] + db
            expected[a, b] = loss(w2)
    np.testing.assert_array_equal(Z, expected)   # float64: one possible moved vector
    Z = q.loss_surface(lambda w: float(w[1]), w, 1, 3, offsets)  # the moved weight itself
    np.testing.assert_array_equal(Z, np.repeat((w[1] + offsets)[:, None], 4, axis=1))


def test_surface_same_weight_bad_index_or_failing_loss():
    """Same weight twice: ValueError; out of range: IndexError; total_loss raising: w unchanged."""
    w = np.zeros(3)
    loss = lambda w: float(w @ w)
    for fail_on in (1, 5):
        with pytest.raises(CallbackFailed):
            q.loss_surface(Counted(loss, fail_on), w, 0, 1, np.array([0.1, 0.2, 0.3]))
        assert w.tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        q.loss_surface(loss, w, 0, -3, np.array([0.0, 1.0]))
    with pytest.raises(IndexError):
        q.loss_surface(loss, w, 0, 3, np.array([0.0, 1.0]))
    assert w.tolist() == [0.0, 0.0, 0.0]


def grid(r, c, h):
    """Coordinates of an r x c grid of spacing h centred on 0 (exact in binary)."""
    x = (np.arange(r) - r // 2) * h
    y = (np.arange(c) - c // 2) * h
    return x[:, None], y[None, :]


def test_convexity_docstring_bowl_and_saddle():
    """A bowl is convex everywhere, a saddle nowhere; result is bool of shape (r-2, c-2)."""
    x = np.arange(-2.0, 3.0)
    bowl = q.convexity_map(x[:, None] ** 2 + x[None, :] ** 2, 1.0)
    assert isinstance(bowl, np.ndarray) and bowl.dtype == np.bool_ and bowl.shape == (3, 3)
    assert bowl.all()
    assert not q.convexity_map(x[:, None] ** 2 - x[None, :] ** 2, 1.0).any()


def test_convexity_mixed_and_cross_term():
    """x^3 + y^2 is convex where x >= 0 (lambda_min = min(6x, 2)); the dxy term counts."""
    x, y = grid(7, 5, 1.0)
    got = q.convexity_map(x ** 3 + y ** 2, 1.0)
    expected = np.repeat((np.arange(-2, 3) >= 0)[:, None], 3, axis=1)
    np.testing.assert_array_equal(got, expected)
    x, y = grid(5, 6, 0.5)
    assert q.convexity_map(x ** 2 + y ** 2 + x * y, 0.5).all()      # lambda_min = 1
    assert not q.convexity_map(x ** 2 + y ** 2 + 3 * x * y, 0.5).any()  # lambda_min = -1
    assert not q.convexity_map(x * y, 0.5).any()                    # lambda_min = -1
    assert q.convexity_map(1e8 + x ** 2 + y ** 2, 0.5).all()        # exact in float64
    assert q.convexity_map(x ** 2 - 0.5 * y ** 2, 0.5, tol=1.0).all()  # lambda_min = -1 = -tol
    Z32 = (x ** 2 + y ** 2).astype(np.float32)    # float32 Z, tiny h: Z / h**2 > float32 max
    assert q.convexity_map(Z32, 1e-20).all()


def test_convexity_invalid_input():
    """Non-finite Z, Z not 2-D or a side below 3, or h <= 0 raise ValueError."""
    good = np.zeros((4, 4))
    nan = good.copy(); nan[2, 1] = np.nan
    for Z, h in ((nan, 1.0), (np.zeros((2, 5)), 1.0), (np.zeros(9), 1.0),
                 (good, 0.0), (good, -1.0)):
        with pytest.raises(ValueError):
            q.convexity_map(Z, h)
