"""Hidden properties of Q10: max_stable_lr, sgd_stationary_loss and best_achievable_mse."""

import math

import numpy as np

from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import as_float, candidate, expect, expect_raises, returned
from gdgrade.reference import q10_plateau as ref

max_stable_lr = candidate("max_stable_lr")
sgd_stationary_loss = candidate("sgd_stationary_loss")
best_achievable_mse = candidate("best_achievable_mse")


def _float(outcome, fn_name):
    return as_float(returned(outcome, fn_name), msg("the result of {fn}", fn=fn_name))


def _expect_rel(value, expected, rtol, fn_name, case):
    expect(math.isfinite(value), msg("{fn} returned a non-finite value for {case}.", fn=fn_name, case=case))
    expect(abs(value - expected) <= rtol * abs(expected),
           msg("{fn} is off by more than a relative {rtol:g} for {case}.", fn=fn_name, rtol=rtol, case=case))


# -- max_stable_lr ------------------------------------------------------------------------------

def _psd(rng, p, rank=None):
    """A A^T / p for Gaussian A of shape (p, rank), times a random scale (symmetric exactly)."""
    rank = p if rank is None else rank
    a = rng.standard_normal((p, rank))
    h = (a @ a.T) * (float(np.exp(rng.uniform(np.log(1e-3), np.log(1e3)))) / p)
    return (h + h.T) / 2


def _lr_case(max_stable_lr, h, case):
    """max_stable_lr(h) must be 2 / lambda_max to relative 1e-6, or inf for the zero matrix."""
    value = _float(max_stable_lr(h), "max_stable_lr")
    if not np.any(h):
        expect(value == math.inf, msg("max_stable_lr did not return inf for {case} that is the zero matrix.",
                                      case=case))
        return
    lam_max = float(np.linalg.eigvalsh(h)[-1])
    _expect_rel(value, 2.0 / lam_max, 1e-6, "max_stable_lr", case)


def test_two_over_largest_eigenvalue(max_stable_lr, rng):
    """For random dense PSD matrices A A^T it returns 2 / lambda_max to relative 1e-6, for the zero matrix inf."""
    for p in (1, 2, 3, int(rng.integers(4, 10)), int(rng.integers(10, 40)), 80):
        _lr_case(max_stable_lr, _psd(rng, p), msg("a random positive definite matrix"))
    for p in (1, 3):
        _lr_case(max_stable_lr, np.zeros((p, p)), msg("a matrix"))


def test_large_hessian(max_stable_lr, rng):
    """For a 1,000 x 1,000 PSD matrix it returns 2 / lambda_max to relative 1e-6, for a large zero matrix inf."""
    p, k = 1000, 30
    # c*I + U diag(lam - c) U^T with orthonormal U: eigenvalues lam on span(U), c elsewhere,
    # a clear gap below the largest, and lambda_max known without an eigen-solver here.
    u, _ = np.linalg.qr(rng.standard_normal((p, k)))
    lam_max = float(rng.uniform(2.0, 20.0))
    lam = np.concatenate([[lam_max], rng.uniform(0.1, 0.7, size=k - 1) * lam_max])
    c = 0.05 * lam_max
    h = (u * (lam - c)) @ u.T
    h = (h + h.T) / 2
    h[np.diag_indices(p)] += c
    value = _float(max_stable_lr.with_timeout(30.0)(h), "max_stable_lr")
    _expect_rel(value, 2.0 / lam_max, 1e-6, "max_stable_lr", msg("a 1000 x 1000 matrix"))
    _lr_case(max_stable_lr, np.zeros((200, 200)), msg("a 200 x 200 matrix"))


def test_rank_deficient_psd(max_stable_lr, rng):
    """For PSD matrices with zero eigenvalues (A A^T with A of low rank, rank 0 included) it returns 2 / lambda_max, or inf."""
    for p, rank in ((2, 1), (5, 2), (5, 0), (12, 4), (30, 29), (3, 0)):
        _lr_case(max_stable_lr, _psd(rng, p, rank), msg("a rank-deficient positive semidefinite matrix"))


def test_diagonal_matrices(max_stable_lr, rng):
    """For diagonal PSD matrices (some or all entries zero) it returns 2 / the largest diagonal entry, or inf."""
    for p in (1, 3, 7, 4):
        diag = rng.uniform(0.0, 5.0, size=p)
        if p > 1:
            diag[rng.choice(p, size=p // 2, replace=False)] = 0.0
        if p == 4:
            diag[:] = 0.0
        _lr_case(max_stable_lr, np.diag(diag), msg("a diagonal matrix"))


def test_inf_only_for_the_zero_matrix(max_stable_lr, rng):
    """The zero matrix gives math.inf, while a PSD matrix with a tiny nonzero lambda_max gives the finite 2 / lambda_max."""
    for p in (1, 4):
        _lr_case(max_stable_lr, np.zeros((p, p)), msg("a matrix"))
    for scale in (1e-12, 1e-30):
        h = _psd(rng, 4, 2)
        _lr_case(max_stable_lr, h * (scale / float(np.linalg.eigvalsh(h)[-1])),
                 msg("a matrix whose eigenvalues are tiny but not all zero"))
    _lr_case(max_stable_lr, np.diag([0.0, 1e-100, 0.0]), msg("a diagonal matrix with one tiny nonzero entry"))


# -- sgd_stationary_loss ---------------------------------------------------------------------------

def _formula(curvature, lr, noise_var):
    return lr * noise_var / (2.0 * (2.0 - lr * curvature))


def test_formula_at_random_points(sgd_stationary_loss, rng):
    """Below lr * curvature = 2 it returns lr * noise_var / (2 * (2 - lr * curvature))."""
    for _ in range(12):
        curvature = float(np.exp(rng.uniform(np.log(1e-2), np.log(1e2))))
        a = float(rng.uniform(1e-3, 1.99))
        lr = a / curvature
        noise_var = float(np.exp(rng.uniform(np.log(1e-3), np.log(1e3))))
        value = _float(sgd_stationary_loss(curvature, lr, noise_var), "sgd_stationary_loss")
        _expect_rel(value, _formula(curvature, lr, noise_var), 1e-8, "sgd_stationary_loss",
                    msg("a learning rate below 2 / curvature"))


def test_matches_simulated_sgd(sgd_stationary_loss, rng):
    """It agrees with a seeded simulation of many SGD chains (within 5 standard errors)."""
    chains = 40_000
    for a in (0.3, 1.0, 1.7):
        curvature = float(rng.uniform(0.5, 4.0))
        lr = a / curvature
        noise_var = float(rng.uniform(0.5, 3.0))
        value = _float(sgd_stationary_loss(curvature, lr, noise_var), "sgd_stationary_loss")
        # Run from w = 0 until the variance is within 1e-6 of its limit; uniform noise
        # (not Gaussian) shows the answer needs only the mean and variance of the noise.
        steps = max(1, math.ceil(math.log(1e-6) / math.log(max((1 - a) ** 2, 1e-300))))
        half_width = math.sqrt(3.0 * noise_var)
        w = np.zeros(chains)
        for _ in range(steps):
            xi = rng.uniform(-half_width, half_width, size=chains)
            w -= lr * (curvature * w + xi)
        loss = 0.5 * curvature * w * w
        mean, se = float(loss.mean()), float(loss.std() / math.sqrt(chains))
        expect(math.isfinite(value) and abs(value - mean) <= 5 * se + 1e-9 * mean,
               msg("sgd_stationary_loss disagrees with a simulation of SGD on the quadratic by more "
                   "than 5 standard errors."))


def test_infinite_from_lr_curvature_two_on(sgd_stationary_loss, rng):
    """lr * curvature >= 2 (exactly 2 included) gives math.inf; just below 2 the loss is finite and follows the formula."""
    cases = [(4.0, 0.5), (8.0, 0.25), (1.0, 2.0), (0.1, 20.0),        # products exactly 2
             (3.0, 1.0), (100.0, 0.05), (1.0, 7.5)]                    # products above 2
    # Products just below 2, exact in binary: 2 - 2**-19 and 2 - 2**-6.
    below = [(4.0, 0.5 * (1 - 2.0 ** -20)), (0.25, 8.0 - 2.0 ** -4), (1.0, 1.5)]
    for curvature, lr in cases + below:
        noise_var = float(rng.uniform(0.1, 2.0))
        value = _float(sgd_stationary_loss(curvature, lr, noise_var), "sgd_stationary_loss")
        if curvature * lr < 2.0:
            _expect_rel(value, _formula(curvature, lr, noise_var), 1e-8, "sgd_stationary_loss",
                        msg("lr * curvature just below 2"))
            continue
        said = (N_("sgd_stationary_loss did not return inf when lr * curvature is exactly 2.") if curvature * lr == 2.0
                else N_("sgd_stationary_loss did not return inf when lr * curvature is above 2."))
        expect(value == math.inf, msg(said))


def test_zero_exactly_without_noise(sgd_stationary_loss, rng):
    """noise_var = 0 gives 0 (SGD converges to the minimum), and any positive noise_var, however small, the formula's positive loss."""
    for a in (0.1, 1.0, 1.9):
        curvature = float(rng.uniform(0.5, 5.0))
        lr = a / curvature
        value = _float(sgd_stationary_loss(curvature, lr, 0.0), "sgd_stationary_loss")
        expect(value == 0.0, msg("sgd_stationary_loss did not return 0 for noise_var = 0."))
        for noise_var in (1e-200, 1e-12, float(rng.uniform(0.5, 3.0))):
            value = _float(sgd_stationary_loss(curvature, lr, noise_var), "sgd_stationary_loss")
            _expect_rel(value, _formula(curvature, lr, noise_var), 1e-8, "sgd_stationary_loss",
                        msg("a small positive noise_var"))


def test_rejects_invalid_parameters(sgd_stationary_loss):
    """curvature <= 0, lr <= 0 or noise_var < 0 raises ValueError."""
    cases = [((0.0, 0.1, 1.0), msg("for curvature = 0")), ((-1.0, 0.1, 1.0), msg("for negative curvature")),
             ((1.0, 0.0, 1.0), msg("for lr = 0")), ((1.0, -0.1, 1.0), msg("for negative lr")),
             ((1.0, 0.1, -1e-3), msg("for negative noise_var"))]
    for args, why in cases:
        expect_raises(sgd_stationary_loss(*args), ValueError, "sgd_stationary_loss", why)


# -- best_achievable_mse ------------------------------------------------------------------------------

def _mse_case(best_achievable_mse, X, Y, case):
    value = _float(best_achievable_mse(X, Y), "best_achievable_mse")
    scale = float(np.mean(Y * Y))
    expected = ref.best_achievable_mse(X, Y)
    expect(math.isfinite(value), msg("best_achievable_mse returned a non-finite value for {case}.", case=case))
    expect(abs(value - expected) <= 1e-7 * abs(expected) + 1e-9 * scale,
           msg("best_achievable_mse differs from the smallest mean squared error for {case}.", case=case))
    return value


def _targets(rng, n):
    return rng.standard_normal(n) * float(rng.uniform(0.5, 20.0)) + float(rng.uniform(-5.0, 5.0))


def _in_column_space(rng, X):
    """Targets the linear model fits exactly (X @ w for random w): the floor is 0."""
    return X @ (rng.standard_normal(X.shape[1]) * float(rng.uniform(0.5, 5.0)))


def test_full_rank_tall_matrix(best_achievable_mse, rng):
    """For full-rank X with more rows than columns it returns the least-squares mean squared error (0 when Y = X w fits)."""
    for n, d in ((10, 1), (20, 3), (200, 12), (1000, 40)):
        X = rng.standard_normal((n, d)) * rng.uniform(0.1, 10.0, size=d)
        _mse_case(best_achievable_mse, X, _targets(rng, n), msg("a full-rank matrix with more rows than columns"))
    X = rng.standard_normal((30, 4)) * rng.uniform(0.1, 10.0, size=4)
    _mse_case(best_achievable_mse, X, _in_column_space(rng, X), msg("targets that a tall matrix fits exactly"))


def test_rank_deficient_matrix(best_achievable_mse, rng):
    """For X with duplicated (or scaled duplicate) columns it still returns the smallest mean squared error (0 when Y = X w fits)."""
    for n, d in ((12, 2), (40, 4), (150, 8), (25, 3)):
        B = rng.standard_normal((n, d)) * rng.uniform(0.1, 10.0, size=d)
        dup = rng.integers(0, d, size=int(rng.integers(1, 4)))
        X = np.concatenate([B, B[:, dup] * rng.choice([1.0, -1.0, 2.0, 0.5], size=dup.size)], axis=1)
        X = X[:, rng.permutation(X.shape[1])]
        Y = _in_column_space(rng, X) if n == 25 else _targets(rng, n)
        _mse_case(best_achievable_mse, X, Y, msg("a matrix with duplicated columns"))


def test_wide_matrix_fits_unless_rank_deficient(best_achievable_mse, rng):
    """For X with more columns than rows the floor is 0 (up to rounding) at full row rank, and positive when the rank is below the number of rows."""
    for n, d in ((1, 3), (5, 8), (30, 60)):
        X = rng.standard_normal((n, d))
        Y = _targets(rng, n)
        value = _float(best_achievable_mse(X, Y), "best_achievable_mse")
        expect(math.isfinite(value) and abs(value) <= 1e-9 * float(np.mean(Y * Y)),
               msg("best_achievable_mse is not 0 for a matrix with more columns than rows and independent "
                   "rows, which fits any Y."))
    for n, d, rank in ((6, 10, 3), (20, 40, 12)):
        X = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, d))
        _mse_case(best_achievable_mse, X, _targets(rng, n), msg("a wide matrix of rank below its number of rows"))


def test_zero_matrix_and_constant_column(best_achievable_mse, rng):
    """For X = 0 no weights help, so the floor is mean(Y^2); with one constant column added it is the variance of Y."""
    for n, d in ((6, 2), (4, 9)):
        Y = _targets(rng, n)
        X = np.zeros((n, d))
        value = _float(best_achievable_mse(X, Y), "best_achievable_mse")
        _expect_rel(value, float(np.mean(Y * Y)), 1e-9, "best_achievable_mse", msg("X = 0"))
        X[:, int(rng.integers(0, d))] = float(rng.choice([-2.0, 0.5, 3.0]))
        value = _float(best_achievable_mse(X, Y), "best_achievable_mse")
        _expect_rel(value, float(np.mean((Y - Y.mean()) ** 2)), 1e-9, "best_achievable_mse",
                    msg("X = 0 but for one constant column"))
