"""Q10: why does the loss stop falling and hover above some value?

Q10: 손실이 어느 순간 더 내려가지 않고 특정 값 위에서 맴도는 이유는 무엇일까요?

Among the causes: a learning rate too large for the sharpest direction makes
gradient descent bounce instead of converge; minibatch noise keeps the weights
jittering around the minimum; the model itself has a floor it cannot fit below;
and progress crawls where gradients are small or the surface is ill-conditioned.
Compute the first three for simple quadratic and linear models.

원인은 여럿입니다. 가장 가파른 방향에 비해 학습률이 너무 크면 경사 하강이 수렴하지
못하고 튀고, 미니배치 노이즈는 최솟점 근처에서 가중치를 계속 흔들며, 모델 자체에 더
낮출 수 없는 손실의 바닥이 있고, 기울기가 작거나 곡률이 고르지 않은 곳에서는 진행이
느려집니다. 앞의 세 가지를 간단한 이차식과 선형 모델에서 계산해 보세요.

Shared rules (see every docstring below):
- Return Python floats (or NumPy floating scalars); math.inf where stated.
"""

import numpy as np


def max_stable_lr(hessian):
    """Return 2 / λ_max, the supremum of the learning rates at which gradient descent on ½ wᵀHw converges.

    Contract:
    - `hessian` is a symmetric positive semidefinite (p, p) matrix; p can be up
      to 1,000.
    - Returns the supremum of the learning rates for which gradient descent on
      L(w) = ½ wᵀHw converges from every start, 2 / λ_max, to relative
      accuracy 1e-6 (at 2 / λ_max itself it no longer converges).
    - The zero matrix gives math.inf.

    Example:
        >>> max_stable_lr(np.array([[1.0, 0.0], [0.0, 4.0]]))
        0.5
    """
    # TODO(Q10): implement max_stable_lr.
    raise NotImplementedError("max_stable_lr is not implemented yet")


def sgd_stationary_loss(curvature, lr, noise_var):
    """Return the long-run expected loss of SGD on ½·λ·w² with gradient noise of variance noise_var.

    Contract:
    - The model is L(w) = ½·λ·w² with λ = curvature > 0, and SGD updates
      w <- w - lr·(λ·w + ξ) with ξ independent, zero mean, variance noise_var.
    - Returns lim_{t→∞} E[L(w_t)] = lr·noise_var / (2·(2 - lr·λ)).
    - Returns math.inf when lr·λ >= 2 (noise_var == 0 with lr·λ >= 2 is not tested).
    - curvature <= 0, lr <= 0 or noise_var < 0 raises ValueError.

    Example:
        >>> sgd_stationary_loss(1.0, 0.1, 1.0)
        0.026315789473684213
    """
    # TODO(Q10): implement sgd_stationary_loss.
    raise NotImplementedError("sgd_stationary_loss is not implemented yet")


def best_achievable_mse(X, Y):
    """Return min over w of mean((X @ w - Y)^2): the floor no optimiser of this linear model can beat.

    Contract:
    - X has shape (n, d), Y shape (n,); X may be rank deficient or wide (d > n).
    - Returns min over w of mean((X @ w - Y)^2) as a float.
    - Inputs are well-formed (X 2-D, Y 1-D, the same number of rows); shape errors
      are not tested.

    Example:
        >>> best_achievable_mse(np.array([[1.0], [1.0]]), np.array([0.0, 2.0]))
        1.0
    """
    # TODO(Q10): implement best_achievable_mse.
    raise NotImplementedError("best_achievable_mse is not implemented yet")
