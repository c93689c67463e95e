"""Q8: how likely is it that all 30 million gradients are exactly zero at the same time?

Q8: 3천만 개의 그래디언트가 한꺼번에 정확히 0이 될 가능성은 얼마나 될까요?

Every gradient is zero only at a critical point of the loss. The Hessian there
says what kind of point it is: a minimum, a maximum, a saddle, or a flat case
that second derivatives cannot decide. At a saddle, find a direction that
leads downhill.

모든 그래디언트가 0이 되는 곳은 손실 함수의 임계점뿐입니다. 그 점의 헤세 행렬을 보면
최소점인지, 최대점인지, 안장점인지, 아니면 2차 미분만으로는 판단할 수 없는 평평한
경우인지 알 수 있습니다. 안장점이라면 손실이 내려가는 탈출 방향을 찾아보세요.

Shared rules (see every docstring below):
- `hessian` is a square, symmetric 2-D array of floats (the matrix of second
  derivatives at a point where the gradient is zero).
- A matrix that is not square, or whose asymmetry max|H - H^T| exceeds
  1e-8 * max(1, max|H|), raises ValueError.
"""

import numpy as np


def classify_critical_point(hessian, tol=1e-8):
    """Return "saddle", "minimum", "maximum" or "degenerate" from the Hessian's eigenvalues.

    Contract:
    - With λ the eigenvalues of the symmetric matrix `hessian`:
    - "saddle" if some λ < -tol and some λ > tol;
    - "minimum" if every λ > tol;
    - "maximum" if every λ < -tol;
    - "degenerate" otherwise (some λ within tol of 0 decides nothing).
    - Not square, or asymmetric beyond 1e-8 * max(1, max|H|), raises ValueError.

    Example:
        >>> classify_critical_point(np.array([[2.0, 0.0], [0.0, -1.0]]))
        'saddle'
    """
    # TODO(Q8): implement classify_critical_point.
    raise NotImplementedError("classify_critical_point is not implemented yet")


def escape_direction(hessian, tol=1e-8):
    """Return a unit vector of most negative curvature, or None if there is none below -tol.

    Contract:
    - If the smallest eigenvalue λ_min < -tol: returns a unit vector v (1-D, of
      length p) with v^T H v equal to λ_min to within 1e-8 * max(1, max|λ|).
    - Any such vector is accepted: either sign, and any vector from the
      eigenspace when λ_min is repeated.
    - Otherwise (λ_min >= -tol) returns None.
    - Invalid input raises ValueError exactly as for classify_critical_point.

    Example:
        >>> np.abs(escape_direction(np.array([[2.0, 0.0], [0.0, -1.0]])))
        array([0., 1.])
        >>> escape_direction(np.eye(2)) is None
        True
    """
    # TODO(Q8): implement escape_direction.
    raise NotImplementedError("escape_direction is not implemented yet")
