"""Public examples for Q6 (challenges/q06_joint_step.py)."""

import numpy as np
import pytest

import q06_joint_step as q
from helpers import CallbackFailed, Counted


def overshoot(w):
    """(-15 (w0 - 0.1) + 5 (w2 - 0.3) - 1)^2: -0.1 on w0 or +0.3 on w2 helps, both hurt."""
    return float((-15.0 * (w[0] - 0.1) + 5.0 * (w[2] - 0.3) - 1.0) ** 2)


def test_joint_decreases_docstring_example():
    """True iff the joint step is strictly below L(w): an overshoot to an equal loss is False."""
    total_loss = lambda w: float((w[0] + w[1] - 1.0) ** 2)
    w = np.zeros(2)
    assert bool(q.joint_step_decreases(total_loss, w, 0, 1, 0.5, 0.5)) is True
    assert bool(q.joint_step_decreases(total_loss, w, 0, 1, 1.0, 1.0)) is False
    tiny = lambda w: float(1.0 - 1e-13 * w[0])   # falls by 1e-14: strictly below, no tolerance
    assert bool(q.joint_step_decreases(tiny, w, 0, 1, 0.1, 0.0)) is True


def test_joint_decreases_single_steps_help_joint_hurts():
    """Each single step lowers the loss, the joint one raises it; <= 2 calls; w unchanged."""
    w = np.array([0.1, 0.7, 0.3])
    before = w.tobytes()
    assert overshoot(w + [-0.1, 0, 0]) < overshoot(w) and overshoot(w + [0, 0, 0.3]) < overshoot(w)
    spy = Counted(overshoot)
    assert bool(q.joint_step_decreases(spy, w, 0, -1, -0.1, 0.3)) is False
    assert spy.calls <= 2 and w.tobytes() == before
    assert bool(q.joint_step_decreases(overshoot, w, np.int64(0), 2, -0.05, 0.15)) is True
    assert w.tobytes() == before


def test_joint_decreases_errors():
    """Same weight twice: ValueError; out of range: IndexError; total_loss raising: w unchanged."""
    w = np.array([0.0039, 0.2, 0.3])
    with pytest.raises(ValueError):
        q.joint_step_decreases(overshoot, w, 0, -3, 0.1, 0.1)
    with pytest.raises(IndexError):
        q.joint_step_decreases(overshoot, w, 0, 3, 0.1, 0.1)
    for fail_on in (1, 2):
        with pytest.raises(CallbackFailed):
            q.joint_step_decreases(Counted(overshoot, fail_on), w, 0, 2, -0.1, 0.3)
        assert w.tolist() == [0.0039, 0.2, 0.3]


def test_interaction_docstring_example():
    """For L = w0 * w1 (H[0, 1] = 1) the interaction is di * dj = 6."""
    value = q.step_interaction(lambda w: float(w[0] * w[1]), np.zeros(2), 0, 1, 2.0, 3.0)
    assert float(value) == pytest.approx(6.0, abs=1e-12)


def test_interaction_of_a_quadratic_is_h_ij_di_dj():
    """On 1/2 w^T H w the value is H[i, j] di dj; exactly 4 calls; w unchanged."""
    rng = np.random.default_rng(7)
    A = rng.standard_normal((4, 4)); H = A + A.T
    w = rng.standard_normal(4)
    before = w.tobytes()
    spy = Counted(lambda w: float(0.5 * w @ H @ w))
    value = q.step_interaction(spy, w, 1, -1, -0.1, 0.3)
    assert spy.calls == 4 and w.tobytes() == before
    assert float(value) == pytest.approx(H[1, 3] * -0.1 * 0.3, abs=1e-12)
    assert float(q.step_interaction(overshoot, w, 0, 2, -0.1, 0.3)) == pytest.approx(4.5, abs=1e-9)


def test_interaction_errors_leave_w_unchanged():
    """total_loss's exception propagates, w unchanged; an out-of-range index: IndexError."""
    w = np.array([0.0039, 0.2, 0.3])
    for fail_on in (1, 2, 3, 4):
        with pytest.raises(CallbackFailed):
            q.step_interaction(Counted(overshoot, fail_on), w, 0, 2, -0.1, 0.3)
        assert w.tolist() == [0.0039, 0.2, 0.3]
    for bad in (3, -4):
        with pytest.raises(IndexError):
            q.step_interaction(overshoot, w, bad, 1, -0.1, 0.3)


def test_counterexample_inequalities():
    """Single steps (-0.1, 0) and (0, +0.3) lower f by more than 1e-6, the joint step raises it."""
    f, w0 = q.joint_step_counterexample()
    w0 = np.asarray(w0, dtype=np.float64)
    assert w0.shape == (2,)
    base = float(f(w0.copy()))
    ends = [np.array([-0.1, 0.0]), np.array([0.0, 0.3]), np.array([-0.1, 0.3])]
    values = [float(f(w0 + d)) for d in ends]
    assert values[0] < base - 1e-6 and values[1] < base - 1e-6 and values[2] > base + 1e-6
    assert float(f(w0 + ends[2])) == values[2], "f must be deterministic"


def test_counterexample_is_continuous_on_the_three_segments():
    """1,001 samples on each segment from w0: neighbours differ by <= 5% of the samples' range."""
    f, w0 = q.joint_step_counterexample()
    w0 = np.asarray(w0, dtype=np.float64)
    ends = [np.array([-0.1, 0.0]), np.array([0.0, 0.3]), np.array([-0.1, 0.3])]
    t = np.linspace(0.0, 1.0, 1001)
    segments = np.array([[float(f(w0 + s * d)) for s in t] for d in ends])
    assert np.all(np.isfinite(segments))
    spread = segments.max() - segments.min()
    assert np.abs(np.diff(segments, axis=1)).max() <= 0.05 * spread
