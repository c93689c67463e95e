"""Q6: moving W1 by -0.1 lowers the loss, and so does moving W2 by +0.3. Does doing both lower it?

Q6: W1을 -0.1 움직여도 손실이 줄고, W2를 +0.3 움직여도 손실이 준다. 둘을 함께 움직이면 어떨까?

Each single step helps on its own. Check whether the combined step also helps,
measure how far the joint change is from the sum of the two single changes,
and build a small loss where the combined step makes things worse.

각 단계는 따로 하면 도움이 됩니다. 두 단계를 함께 했을 때도 손실이 주는지 확인하고,
함께 움직인 변화가 각각의 변화를 더한 값과 얼마나 다른지 재 본 뒤, 함께 움직이면
오히려 손실이 커지는 작은 예를 만들어 보세요.

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `total_loss(w)` is a pure function returning a float.
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Save the old values and put them back; `w[i] += d; ...; w[i] -= d`
  is not exact in floating point.
- "w[i] moved by d" means w[i] = (original w[i]) + d, stored in w's dtype.
- Indices behave like NumPy integer indices: negatives count from the end, an
  out-of-range index raises IndexError.
"""

import numpy as np


def joint_step_decreases(total_loss, w, i, j, di, dj):
    """Return True iff moving w[i] by di and w[j] by dj together makes the loss strictly smaller.

    Contract:
    - True iff total_loss at (w with w[i] moved by di and w[j] moved by dj) is
      strictly below total_loss(w).
    - At most 2 calls of `total_loss`.
    - `w` is unchanged afterwards, also when `total_loss` raises.
    - `i` and `j` naming the same weight (after resolving negative indices) raises
      ValueError; an out-of-range index raises IndexError.
    - Returns a bool (Python bool or numpy.bool_).

    Example:
        >>> total_loss = lambda w: float((w[0] + w[1] - 1.0) ** 2)
        >>> w = np.zeros(2)
        >>> joint_step_decreases(total_loss, w, 0, 1, 0.5, 0.5)
        True
        >>> joint_step_decreases(total_loss, w, 0, 1, 1.0, 1.0)   # overshoots: 1.0 is not < 1.0
        False
    """
    # TODO(Q6): implement joint_step_decreases.
    raise NotImplementedError("joint_step_decreases is not implemented yet")


def step_interaction(total_loss, w, i, j, di, dj):
    """Return L(w + di e_i + dj e_j) - L(w + di e_i) - L(w + dj e_j) + L(w).

    Contract:
    - L is `total_loss`; e_i, e_j are unit vectors; each moved weight is its
      original value plus the step (stored in w's dtype).
    - The value says how much the joint step differs from the sum of the two single
      steps; for a quadratic loss it is exactly H[i, j] * di * dj.
    - Exactly 4 calls of `total_loss`.
    - `w` is unchanged afterwards, also when `total_loss` raises.
    - An out-of-range index raises IndexError. `i == j` is not tested.
    - Returns a float.

    Example:
        >>> total_loss = lambda w: float(w[0] * w[1])     # H[0, 1] = 1
        >>> step_interaction(total_loss, np.zeros(2), 0, 1, 2.0, 3.0)
        6.0
    """
    # TODO(Q6): implement step_interaction.
    raise NotImplementedError("step_interaction is not implemented yet")


def joint_step_counterexample():
    """Return (f, w0): a 2-weight loss where each single step helps but both together hurt.

    Contract:
    - `f` maps a length-2 float array to a float; `w0` is an array of length 2.
    - With di = -0.1 and dj = +0.3:
        f(w0 + (di, 0))  < f(w0) - 1e-6,
        f(w0 + (0, dj))  < f(w0) - 1e-6,
        f(w0 + (di, dj)) > f(w0) + 1e-6.
    - `f` is deterministic and finite.
    - `f` is continuous: sampled at 1,001 evenly spaced points on each straight
      segment from w0 to the three points above, no two neighbouring samples
      differ by more than 5% of the range of all samples.

    Example:
        >>> f, w0 = joint_step_counterexample()
        >>> f(w0 + np.array([-0.1, 0.0])) < f(w0), f(w0 + np.array([0.0, 0.3])) < f(w0)
        (True, True)
        >>> f(w0 + np.array([-0.1, 0.3])) > f(w0)
        True
    """
    # TODO(Q6): implement joint_step_counterexample.
    raise NotImplementedError("joint_step_counterexample is not implemented yet")
