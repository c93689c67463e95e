"""Q4: draw the total loss over two weights (W1, W2), all other weights frozen. What shape is it?

Q4: 다른 가중치는 모두 고정하고 두 가중치 (W1, W2)에 대해 전체 손실을 그리면 어떤 모양이 나올까?

Pick two weights of the network, hold the remaining ones still, and evaluate the
total loss on a grid of values for the pair. The result is a surface over the
(W1, W2) plane. Is it smooth? Is it a bowl everywhere, or only in places?

신경망의 가중치 두 개를 고르고 나머지는 그대로 둔 채, 두 값의 격자 위에서 전체 손실을
계산해 보세요. (W1, W2) 평면 위의 곡면이 나옵니다. 매끄러울까요? 어디서나 그릇
모양일까요, 아니면 일부 영역에서만 그럴까요?

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `total_loss(w)` is a pure function returning a float.
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Save the old values and put them back; `w[i] += d; ...; w[i] -= d`
  is not exact in floating point.
- Indices behave like NumPy integer indices: negatives count from the end, an
  out-of-range index raises IndexError.
"""

import numpy as np


def loss_surface(total_loss, w, i, j, offsets):
    """Return Z with Z[a, b] = total loss at w with w[i] moved by offsets[a] and w[j] by offsets[b].

    Contract:
    - `offsets` is 1-D of length R; the result has shape (R, R).
    - Z[a, b] is total_loss at a vector equal to w except w[i] = w[i] + offsets[a]
      and w[j] = w[j] + offsets[b], each stored in w's dtype and computed from the
      original weight (never by accumulating steps); for float32 `w` each of the
      roundings accepted in Q1 is accepted.
    - Exactly R * R calls of `total_loss`.
    - `w` is unchanged afterwards, also when `total_loss` raises (the exception
      propagates to the caller).
    - Negative indices count from the end; an out-of-range index raises IndexError.
    - `i` and `j` naming the same weight (after resolving negative indices) raises
      ValueError.

    Example:
        >>> total_loss = lambda w: float(w[0] ** 2 + w[1] ** 2)
        >>> w = np.array([0.0, 0.0, 5.0])
        >>> loss_surface(total_loss, w, 0, -2, np.array([-1.0, 0.0, 1.0]))
        array([[2., 1., 2.],
               [1., 0., 1.],
               [2., 1., 2.]])
    """
    # TODO(Q4): implement loss_surface.
    raise NotImplementedError("loss_surface is not implemented yet")


def convexity_map(Z, h, tol=1e-9):
    """Return a bool map of the interior grid points where the finite-difference Hessian is PSD.

    Contract:
    - Z is 2-D of shape (r, c) with r, c >= 3, sampled on a square grid of spacing h.
    - The result is a bool array of shape (r-2, c-2); entry [a-1, b-1] is True iff
      the smallest eigenvalue of [[dxx, dxy], [dxy, dyy]] at interior point (a, b)
      is >= -tol, where
        dxx = (Z[a+1, b] - 2 Z[a, b] + Z[a-1, b]) / h**2,
        dyy = (Z[a, b+1] - 2 Z[a, b] + Z[a, b-1]) / h**2,
        dxy = (Z[a+1, b+1] - Z[a+1, b-1] - Z[a-1, b+1] + Z[a-1, b-1]) / (4 h**2).
    - Closed form: lambda_min = (dxx + dyy)/2 - sqrt(((dxx - dyy)/2)**2 + dxy**2).
    - Non-finite values in Z, Z not 2-D or a side below 3, or h <= 0 raise ValueError.
    - Vectorised: on a 2001 x 2001 grid it may take at most 40x the reference's time
      (the faster of two timed runs). Every array method, stacked eigvalsh included,
      stays far below; a Python loop over the elements takes about 150x.

    Example:
        >>> x = np.arange(-2.0, 3.0)
        >>> bool(convexity_map(x[:, None] ** 2 + x[None, :] ** 2, 1.0).all())   # a bowl
        True
        >>> bool(convexity_map(x[:, None] ** 2 - x[None, :] ** 2, 1.0).any())   # a saddle
        False
    """
    # TODO(Q4): implement convexity_map.
    raise NotImplementedError("convexity_map is not implemented yet")
