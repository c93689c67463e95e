"""Q3: Y_pred moved a little. How much does the RMSE loss move, per example and in total?

Q3: Y_pred가 조금 움직였다면 RMSE 손실은 예제별로, 그리고 전체로 얼마나 움직일까?

Nudge one weight as in Q1 and follow the nudge through to the loss: the RMSE of
each example and the RMSE over the whole data set. Then predict the total change
from the change in Y_pred alone, using the derivative of RMSE.

Q1처럼 가중치 하나를 살짝 움직이고, 그 영향이 손실까지 어떻게 전달되는지 보세요:
예제마다의 RMSE와 데이터 전체의 RMSE. 그리고 RMSE의 미분을 이용해 Y_pred의 변화만으로
전체 손실의 변화를 예측해 보세요.

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `predict(w, X)` is a pure function returning
  an array of shape (n,) or (n, k).
- Per-example loss L_i = sqrt(mean_k (y_ik - Y_ik)^2) (|y_i - Y_i| for 1-D
  outputs); total loss L = sqrt(mean over all i, k of (y_ik - Y_ik)^2).
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Save the old value and put it back; `w[i] += eps; ...; w[i] -= eps`
  is not exact in floating point.
- Do not copy `w` (the grader uses a 30,000,000-weight model).
"""

import numpy as np


def loss_change(predict, w, X, Y, index, eps):
    """Return (L_i(w') - L_i(w) for every example i, L(w') - L(w)).

    Contract:
    - w' equals w except at `index`, where it holds w[index] + eps stored in w's
      dtype, computed from the original w[index]. For float32 `w`, rounding eps to
      float32 before adding, rounding the exact sum once, or adding in float64 and
      storing the result are all accepted (they differ by at most one unit in the
      last place).
    - L_i is the per-example RMSE sqrt(mean_k (y_ik - Y_ik)^2) (for 1-D outputs
      |y_i - Y_i|); L is the RMSE over every entry.
    - Returns a tuple: an ndarray of shape (n,) and a float.
    - Exactly 2 calls of `predict`.
    - `w` is unchanged afterwards, also when `predict` raises.
    - No full copy of `w`: extra memory stays below 1% of `w.nbytes`.
    - Indices are Python ints or numpy.int64 and follow NumPy: negative ones count
      from the end (-len(w) names weight 0); an out-of-range index raises IndexError.

    Example:
        >>> predict = lambda w, X: X @ w
        >>> w = np.array([1.0, 0.0]); X = np.eye(2); Y = np.zeros(2)
        >>> per_example, total = loss_change(predict, w, X, Y, 1, 0.5)
        >>> per_example, round(total, 4)   # sqrt(1.25/2) - sqrt(1/2)
        (array([0. , 0.5]), 0.0835)
    """
    # TODO(Q3): implement loss_change.
    raise NotImplementedError("loss_change is not implemented yet")


def linearized_loss_change(y_pred, y_true, dy):
    """Return the directional derivative of the total RMSE at y_pred in direction dy.

    Contract:
    - The value is lim_{t->0+} (L(y_pred + t*dy) - L(y_pred)) / t, L being the
      RMSE over every entry against y_true.
    - When L(y_pred) > 0 this is mean((y_pred - y_true) * dy) / L.
    - When the fit is perfect (L == 0) it is sqrt(mean(dy^2)).
    - Returns a float.
    - `y_pred`, `y_true` and `dy` of different shapes raise ValueError.

    Example:
        >>> linearized_loss_change(np.array([2.0, 2.0]), np.zeros(2), np.array([1.0, 3.0]))
        2.0
        >>> linearized_loss_change(np.ones(2), np.ones(2), np.array([3.0, -3.0]))  # L == 0
        3.0
    """
    # TODO(Q3): implement linearized_loss_change.
    raise NotImplementedError("linearized_loss_change is not implemented yet")
