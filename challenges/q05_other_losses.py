"""Q5: if the loss is not RMSE, does Q4's answer change? What must the loss do with Y_pred?

Q5: 손실이 RMSE가 아니라면 Q4의 답이 달라질까? 손실과 Y_pred 사이에는 무엇이 성립해야 할까?

Swap RMSE for MSE, MAE, hinge, cross-entropy or plain 0-1 error and redraw the
surface of Q4. Which changes only rescale the heights, which add kinks, and
which flatten the surface into terraces where gradient descent sees nothing?

RMSE 대신 MSE, MAE, 힌지, 교차 엔트로피, 혹은 0-1 오류를 써서 Q4의 곡면을 다시 그려
보세요. 어떤 손실은 높이만 바꾸고, 어떤 손실은 꺾인 곳을 만들며, 어떤 손실은 곡면을
계단처럼 평평하게 만들어 경사 하강법이 아무 신호도 받지 못하게 할까요?
"""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    """Return True iff Z_b = g(Z_a) elementwise for some non-decreasing function g.

    Contract:
    - For all positions p, q: Z_a[p] < Z_a[q] implies Z_b[p] <= Z_b[q], and
      Z_a[p] == Z_a[q] implies Z_b[p] == Z_b[q].
    - Z_a and Z_b may have any shape (1-D, 2-D, ...), as long as it is the same;
      values are finite.
    - Different shapes raise ValueError.
    - Runs in O(N log N) for N elements (the tests use 10**6 points): no
      comparison of all pairs.
    - Returns a bool (Python bool or numpy.bool_).

    Example:
        >>> Z_a = np.array([[3.0, 1.0], [2.0, 1.0]])
        >>> is_monotone_transform(Z_a, np.sqrt(Z_a))     # RMSE vs MSE
        True
        >>> is_monotone_transform(Z_a, -Z_a)
        False
    """
    # TODO(Q5): implement is_monotone_transform.
    raise NotImplementedError("is_monotone_transform is not implemented yet")


def flat_fraction(Z):
    """Return the fraction of interior points of Z equal to all four of their axis neighbours.

    Contract:
    - Z is 2-D with both sides >= 3; anything else raises ValueError.
    - Interior point (a, b) counts as flat iff Z[a-1, b], Z[a+1, b], Z[a, b-1] and
      Z[a, b+1] all hold exactly (==) the same value as Z[a, b].
    - Returns a float in [0, 1]: flat interior points / all (r-2)(c-2) interior points.

    Example:
        >>> Z = np.zeros((4, 4)); Z[0, 1] = 1.0
        >>> flat_fraction(Z)      # interior point (1, 1) sees the 1.0 above it
        0.75
    """
    # TODO(Q5): implement flat_fraction.
    raise NotImplementedError("flat_fraction is not implemented yet")
