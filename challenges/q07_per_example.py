"""Q7: the total loss went down. Did the loss of every single example go down too?

Q7: 전체 손실이 줄었습니다. 그렇다면 모든 예제 각각의 손실도 줄었을까요?

One gradient-descent step follows the gradient of the total loss (for RMSE a
residual-weighted sum of the per-example gradients, with weights |r_i| / (n·RMSE),
not their plain mean). An
example whose own gradient points against it is pushed the wrong way.
Find those examples from the gradients, then take a real step and measure how
each example's loss changed.

경사 하강 한 스텝은 전체 손실의 그래디언트를 따라갑니다 (RMSE라면 예제별 그래디언트의
단순 평균이 아니라 잔차로 가중한 합이고, 가중치는 |r_i| / (n·RMSE)). 자기 그래디언트가 그 방향과 반대쪽을 향하는 예제는 오히려 손실이 커질 수 있습니다. 그래디언트로 그런 예제를
찾아내고, 실제로 한 스텝을 밟아 예제마다 손실이 얼마나 변했는지 재 보세요.

Shared rules (see every docstring below):
- `w` is a flat 1-D float array; `per_example_loss(w)` returns an array of
  shape (n,) and `total_grad_fn(w)` an array shaped like `w`. Both are pure.
- When your function returns or raises, `w` must hold exactly the bytes it held
  before. Build the stepped weights as a new array instead of editing `w`.
"""

import numpy as np


def conflicting_examples(per_example_grads, total_grad):
    """Return the ascending indices of examples whose gradient has a negative dot product with total_grad.

    Contract:
    - `per_example_grads` has shape (n, p) and `total_grad` shape (p,); row i is
      the gradient of example i's loss.
    - Returns the indices i with dot(per_example_grads[i], total_grad) < 0
      (strictly), in ascending order, as an integer array: the examples whose
      loss rises, to first order, under a small step against `total_grad`.
    - A row exactly orthogonal to `total_grad` (dot product exactly 0) is not
      returned.
    - Any other shapes (not 2-D / 1-D, or mismatched p) raise ValueError.
    - Must handle n up to 20,000 and p up to 500 quickly (vectorise).

    Example:
        >>> G = np.array([[1.0, 0.0], [-1.0, 1.0], [0.0, 1.0]])
        >>> conflicting_examples(G, np.array([1.0, 0.0]))
        array([1])
    """
    # TODO(Q7): implement conflicting_examples.
    raise NotImplementedError("conflicting_examples is not implemented yet")


def per_example_loss_changes(per_example_loss, total_grad_fn, w, lr):
    """Take one step w_new = w - lr * total_grad_fn(w) and return per_example_loss(w_new) - per_example_loss(w).

    Contract:
    - The result is an array of shape (n,): entry i is how much example i's loss
      changed over the step (positive means it got worse).
    - Exactly 1 call of `total_grad_fn` and exactly 2 calls of `per_example_loss`.
    - `w` is unchanged afterwards.

    Example:
        >>> t = np.array([-1.0, 3.0])
        >>> per_example_loss = lambda w: (w[0] - t) ** 2
        >>> total_grad_fn = lambda w: np.array([np.mean(2 * (w[0] - t))])
        >>> per_example_loss_changes(per_example_loss, total_grad_fn, np.array([0.0]), 0.25)
        array([ 1.25, -2.75])
    """
    # TODO(Q7): implement per_example_loss_changes.
    raise NotImplementedError("per_example_loss_changes is not implemented yet")
