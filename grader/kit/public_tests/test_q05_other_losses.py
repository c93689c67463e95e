"""Public examples for Q5 (challenges/q05_other_losses.py)."""

import numpy as np
import pytest

import q05_other_losses as q


def test_monotone_docstring_example():
    """sqrt keeps the order (RMSE vs MSE); negation reverses it."""
    Z_a = np.array([[3.0, 1.0], [2.0, 1.0]])
    assert bool(q.is_monotone_transform(Z_a, np.sqrt(Z_a))) is True
    assert bool(q.is_monotone_transform(Z_a, -Z_a)) is False


def test_monotone_ties_and_flat_transforms():
    """Non-decreasing g may merge values (floor, constant) but equal inputs need equal outputs."""
    rng = np.random.default_rng(6)
    Z_a = rng.standard_normal((50, 40))
    assert bool(q.is_monotone_transform(Z_a, np.floor(2 * Z_a)))
    assert bool(q.is_monotone_transform(Z_a, np.full_like(Z_a, 7.0)))
    assert bool(q.is_monotone_transform(Z_a, np.exp(Z_a) - 3.0))
    tied = np.array([1.0, 2.0, 2.0, 3.0])
    assert not bool(q.is_monotone_transform(tied, np.array([1.0, 2.0, 2.5, 3.0])))
    assert not bool(q.is_monotone_transform(tied, np.array([1.0, 2.0, 2.0, 1.5])))
    Z_big = rng.standard_normal(200_000)  # O(N log N): quick even for many points
    assert bool(q.is_monotone_transform(Z_big, Z_big ** 3))


def test_monotone_any_shape_and_size():
    """Any equal shapes (one or two points, 1-D, 3-D); different shapes raise ValueError."""
    assert bool(q.is_monotone_transform(np.array([5.0]), np.array([-1.0])))
    assert bool(q.is_monotone_transform(np.array([1.0, 2.0]), np.array([0.0, 0.0])))
    assert not bool(q.is_monotone_transform(np.array([1.0, 2.0]), np.array([1.0, 0.0])))
    Z3 = np.arange(24.0).reshape(2, 3, 4)
    assert bool(q.is_monotone_transform(Z3, np.tanh(Z3 / 10)))
    assert not bool(q.is_monotone_transform(Z3, np.cos(Z3)))
    with pytest.raises(ValueError):   # same size, different shape
        q.is_monotone_transform(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError):
        q.is_monotone_transform(np.zeros(4), np.zeros(5))


def test_flat_fraction_docstring_example():
    """Interior point (1, 1) sees the 1.0 above it: 3 of 4 interior points are flat."""
    Z = np.zeros((4, 4)); Z[0, 1] = 1.0
    assert float(q.flat_fraction(Z)) == pytest.approx(0.75, abs=1e-12)


def test_flat_fraction_terraces():
    """Constant is 1.0, a strict ramp 0.0, a terrace counts only points inside a step."""
    assert float(q.flat_fraction(np.full((5, 3), 2.5))) == pytest.approx(1.0, abs=1e-12)
    assert float(q.flat_fraction(np.arange(20.0).reshape(4, 5))) == pytest.approx(0.0, abs=1e-12)
    Z = np.repeat(np.floor(np.arange(8) / 4.0)[:, None], 5, axis=1)  # rows 0-3: 0, rows 4-7: 1
    # interior rows 1..6; rows 3 and 4 touch the other step: 4 flat rows of 6
    assert float(q.flat_fraction(Z)) == pytest.approx(4 / 6, abs=1e-12)
    Z = np.ones((3, 3)); Z[1, 2] += 1e-15            # "the same value" means exactly ==
    assert float(q.flat_fraction(Z)) == pytest.approx(0.0, abs=1e-12)


def test_flat_fraction_invalid_shapes():
    """Z must be 2-D with both sides >= 3."""
    for Z in (np.zeros((2, 5)), np.zeros((5, 2)), np.zeros(9), np.zeros((3, 3, 3))):
        with pytest.raises(ValueError):
            q.flat_fraction(Z)
