"""Q1: one weight out of 30 million moves by 0.0001. How much does Y_pred move?

Q1: 3천만 개의 가중치 중 하나가 0.0001만큼 움직이면 예측값 Y_pred는 얼마나 움직일까?

A model's prediction depends on every weight. Move a single weight a tiny bit,
keep the other 29,999,999 fixed, and measure what happens to the prediction.
Then compare with the derivative: is the change first order in the step?

모델의 예측은 모든 가중치에 달려 있습니다. 가중치 하나만 아주 조금 움직이고 나머지는
그대로 둔 채 예측이 어떻게 변하는지 재 보세요. 그 변화는 미분값과 어떤 관계일까요?

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `predict(w, X)` is a pure function returning
  an array of shape (n,) or (n, k).
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Save the old value and put it back; `w[i] += eps; ...; w[i] -= eps`
  is not exact in floating point.
- Do not copy `w` (the grader uses a 30,000,000-weight model).
"""

import numpy as np


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    """Return predict(w', X) - predict(w, X), w' being w with weight `index` moved by eps.

    Contract:
    - w' equals w except at `index`, where it holds w[index] + eps stored in w's
      dtype, computed from the original w[index]. For float32 `w`, rounding eps to
      float32 before adding, rounding the exact sum once, or adding in float64 and
      storing the result are all accepted (they differ by at most one unit in the
      last place).
    - The result has the shape of predict's output.
    - Exactly 2 calls of `predict`.
    - `w` is unchanged afterwards, also when `predict` raises (the exception
      propagates to the caller).
    - No full copy of `w`: extra memory stays below 1% of `w.nbytes`.
    - Indices are Python ints or numpy.int64 and follow NumPy: negative ones count
      from the end (-len(w) names weight 0); an out-of-range index raises IndexError.

    Example:
        >>> predict = lambda w, X: X @ w
        >>> w = np.array([1.0, 2.0]); X = np.array([[3.0, 0.0], [1.0, 1.0]])
        >>> perturb_and_measure(predict, w, X, 0, eps=0.5)
        array([1.5, 0.5])
    """
    # TODO(Q1): implement perturb_and_measure.
    raise NotImplementedError("perturb_and_measure is not implemented yet")


def partial_derivative(predict, w, X, index, h=1e-5):
    """Return the central difference (predict(w+h*e_i, X) - predict(w-h*e_i, X)) / (2h).

    Contract:
    - Both perturbed vectors are built from the original w[index] (as in
      perturb_and_measure); the result has the shape of predict's output.
    - Exactly 2 calls of `predict`.
    - `w` is unchanged afterwards, also when `predict` raises.
    - `h <= 0` raises ValueError. Indices behave as in perturb_and_measure.

    Example:
        >>> predict = lambda w, X: (X @ w) ** 2
        >>> w = np.array([1.0, 2.0]); X = np.array([[1.0, 0.0]])
        >>> partial_derivative(predict, w, X, 0)   # d/dw0 (w0)^2 = 2 w0
        array([2.])
    """
    # TODO(Q1): implement partial_derivative.
    raise NotImplementedError("partial_derivative is not implemented yet")
