"""Q9: 10 million gradients were zero. After a step on the other 20 million, are they still zero?

Q9: 그래디언트 1천만 개가 0이었습니다. 나머지 2천만 개만 움직인 뒤에도 여전히 0일까요?

A weight's gradient depends on all the other weights, so in general it does
not stay zero once they move. Find the structural exception (ReLU units that
are off on every training input), then measure directly which zero gradients
wake up after one gradient-descent step.

한 가중치의 그래디언트는 다른 모든 가중치에 달려 있어서, 다른 가중치가 움직이면 보통
더 이상 0이 아닙니다. 모든 학습 입력에서 꺼져 있는 ReLU 유닛처럼 구조적으로 0이 유지되는
경우를 찾고, 경사 하강 한 스텝 뒤 어떤 0 그래디언트가 되살아나는지 직접 확인해 보세요.

Shared rules (see every docstring below):
- `w` is a flat 1-D float array and `grad_fn(w)` a pure function returning an
  array shaped like `w`.
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Build the stepped weights as a new array instead of editing `w`.
"""

import numpy as np


def dead_relu_units(W1, b1, X):
    """Return the ascending indices of first-layer ReLU units that are off for every row of X.

    Contract:
    - W1 has shape (d, h), b1 shape (h,), X shape (n, d); the pre-activations
      are Z = X @ W1 + b1, of shape (n, h).
    - Returns the indices u, ascending, as an integer array, with Z[:, u] <= 0
      for every row (ReLU'(0) counts as 0): the units whose incoming weights
      and bias get exactly zero gradient on this data.
    - Shape mismatch (wrong number of dimensions or sizes that do not fit
      together) raises ValueError.

    Example:
        >>> W1 = np.array([[1.0, -1.0]]); b1 = np.array([0.0, 0.0])
        >>> X = np.array([[1.0], [2.0]])
        >>> dead_relu_units(W1, b1, X)
        array([1])
    """
    # TODO(Q9): implement dead_relu_units.
    raise NotImplementedError("dead_relu_units is not implemented yet")


def revived_coordinates(grad_fn, w, lr):
    """Return the ascending indices k whose gradient was exactly 0 before one step and is nonzero after it.

    Contract:
    - g = grad_fn(w), w_new = w - lr * g, g_new = grad_fn(w_new).
    - Returns the indices k, ascending, as an integer array, with g[k] == 0 and
      g_new[k] != 0 (exact comparisons, no tolerance).
    - Exactly 2 calls of `grad_fn`.
    - `w` is unchanged afterwards.

    Example:
        >>> grad_fn = lambda w: np.array([w[0] - 1.0 + w[1], w[0]])
        >>> revived_coordinates(grad_fn, np.array([0.0, 0.0]), 0.5)
        array([1])
    """
    # TODO(Q9): implement revived_coordinates.
    raise NotImplementedError("revived_coordinates is not implemented yet")
