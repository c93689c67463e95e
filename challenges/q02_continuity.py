"""Q2: does it matter for Q1 whether the activation function is continuous?

Q2: 활성화 함수가 연속인지 아닌지가 Q1의 답에 영향을 줄까?

Sweep a single weight across an interval, hold every other weight fixed, and
watch the prediction for one input. With a continuous activation the prediction
moves continuously (no leaps, though ReLU has kinks); with a step or floor
activation it can leap. Find every leap.

가중치 하나를 구간 위에서 움직이고 나머지는 고정한 채, 입력 하나에 대한 예측을
관찰하세요. 연속인 활성화 함수라면 예측이 끊김 없이 변하지만, 계단 함수나 floor
같은 활성화 함수라면 갑자기 뛸 수 있습니다. 그런 불연속 지점을 모두 찾아 보세요.

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `predict(w, X)` is a pure function returning
  an array of shape (n,) or (n, k).
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Save the old value and put it back; do not rebuild it arithmetically.
"""

import numpy as np


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    """Return the sorted float64 array of every t in (lo, hi) where y(t) jumps.

    Here y(t) is the single element of predict(w_t, x[None, :]), and w_t is w
    with w[index] set to t (assigned, not added).

    Contract:
    - A jump is a t in (lo, hi) with lim_{d->0+} |y(t+d) - y(t-d)| >= min_jump.
    - Returns a sorted 1-D float64 ndarray (shape (0,) when there is no jump).
    - Every returned value lies within `xtol` of a distinct true jump; every jump
      is returned exactly once; nothing else is returned.
    - A jump lying exactly on a point you sample must still be returned once.
    - At most 50,000 calls of `predict`.
    - `w` is unchanged afterwards, also when `predict` raises.
    - `lo >= hi`, `xtol <= 0` or `min_jump <= 0` raises ValueError.
    - Negative indices count from the end; an out-of-range index raises IndexError.
    - What the tests guarantee: w is float64; xtol >= 1e-12 * max(1, |lo|, |hi|);
      distinct jumps are more than (hi-lo)/256 apart and more than that from lo and
      hi; every jump has size at least 10*min_jump; between jumps y is Lipschitz
      with a constant K such that K*xtol <= min_jump/100 and, when there is any
      jump, K*(hi-lo)/1024 <= min_jump/4. Without any jump, y may still change a
      lot over (lo, hi) (a steep continuous ramp); nothing is returned then.

    Example:
        >>> predict = lambda w, X: np.floor(X @ w)
        >>> w = np.array([0.0, 0.0]); x = np.array([2.0, 0.0])
        >>> find_jumps(predict, w, x, 0, 0.1, 1.9).round(6)   # floor(2t) jumps
        array([0.5, 1. , 1.5])
        >>> find_jumps(lambda w, X: np.tanh(X @ w), w, x, 0, 0.1, 1.9)
        array([], dtype=float64)
    """
    # TODO(Q2): implement find_jumps.
    raise NotImplementedError("find_jumps is not implemented yet")
