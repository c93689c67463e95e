"""Hidden properties of Q6: joint_step_decreases, step_interaction and joint_step_counterexample."""

import numpy as np

from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (CONTINUOUS, PropertyFailed, Recorder, as_bool, as_float, candidate, expect,
                                 expect_calls, expect_raises, expect_unchanged, random_mlp, returned)
from gdgrade.proxy import RemoteCallable
from gdgrade.reference import q06_joint_step as ref

joint_step_decreases = candidate("joint_step_decreases")
step_interaction = candidate("step_interaction")
joint_step_counterexample = candidate("joint_step_counterexample")


# -- shared: seeded losses and the weight vectors a candidate evaluated them at -------------------

class _Case:
    """A seeded MLP with data, its RMSE as total_loss, two distinct weights and two steps."""

    def __init__(self, rng, activation="tanh", dtype=np.float64, fragile=False):
        outputs = int(rng.integers(1, 3))
        self.net, self.w, self.X = random_mlp(rng, activation, outputs, dtype=dtype)
        self.Y = rng.standard_normal(self.net.predict(self.w, self.X).shape)
        self.i, self.j = (int(k) for k in rng.choice(self.w.size, size=2, replace=False))
        self.di, self.dj = (float(s) * float(rng.uniform(0.05, 0.6)) for s in rng.choice([-1, 1], size=2))
        if fragile:
            self.w[self.i] = _fragile_value(rng, self.w.dtype.type, self.di)
            self.w[self.j] = _fragile_value(rng, self.w.dtype.type, self.dj)

    def total_loss(self, v):
        return self.net.loss(v, self.X, self.Y)


def _fragile_value(rng, dt, step):
    """A weight value v for which restoring by subtraction fails: (v + step) - step != v."""
    for _ in range(10_000):
        v = dt(rng.uniform(-1, 1) * 1e-2 * abs(step))
        if dt(dt(float(v) + step) - step) != v and (dt(v + dt(step)) - dt(step)) != v:
            return v
    raise RuntimeError("no fragile weight value found")


def _stored(v, step):
    """Both correct ways of storing v + step in v's dtype (they differ by at most one ulp)."""
    dt = type(v)
    return {dt(v + dt(step)).tobytes(), dt(float(v) + float(step)).tobytes()}


def _point_key(w, u, moves):
    """True if u equals w except at the weights in `moves`, each holding original + step."""
    if type(u) is not np.ndarray or u.dtype != w.dtype or u.shape != w.shape:
        return False
    rest = np.ones(w.size, dtype=bool)
    rest[list(moves)] = False
    if u[rest].tobytes() != w[rest].tobytes():
        return False
    return all(u[k].tobytes() in _stored(w[k], step) for k, step in moves.items())


def _assign(rec, w, points):
    """Map each recorded call to the name of the point in `points` ({name: moves}) it was made at;
    None for a call made anywhere else."""
    names = []
    for call in rec.calls:
        hit = [name for name, moves in points.items() if _point_key(w, call[0], moves)]
        names.append(hit[0] if hit else None)
    return names


def _points(i, j, di, dj):
    return {"w": {}, "i": {i: di}, "j": {j: dj}, "joint": {i: di, j: dj}}


# -- joint_step_decreases ------------------------------------------------------------------------

def _moved(w, moves):
    """A copy of w with each w[k] replaced by original + step, stored in w's dtype."""
    u = w.copy()
    for k, step in moves.items():
        u[k] = w[k] + step
    return u


def _expect_decision(outcome, wanted, what):
    """The answer is a bool equal to `wanted`. Returns the answer."""
    answer = as_bool(returned(outcome, "joint_step_decreases"), msg("the result of {fn}", fn="joint_step_decreases"))
    said = (N_("joint_step_decreases returned {answer} for {what}, where the joint step lowers the loss.") if wanted
            else N_("joint_step_decreases returned {answer} for {what}, where the joint step does not lower the loss."))
    expect(answer == wanted, msg(said, answer=answer, what=what))
    return answer


def _lowers(total_loss, w, i, j, di, dj):
    """The contract's answer, from the test's own evaluations (float64 w: one stored point)."""
    return bool(total_loss(_moved(w, {i: di, j: dj})) < total_loss(w.copy()))


def _both_answers(answers, what):
    if set(answers) != {True, False}:
        raise RuntimeError(f"the cases of {what} do not give both answers")


def _calls_at_w_and_joint(rec, w, i, j, di, dj):
    """At most 2 calls, made at w and at the joint point (each move from the original value)."""
    expect(rec.count <= 2, msg("joint_step_decreases called total_loss {n} times; the contract allows at most 2.",
                               n=rec.count))
    pts = _points(i, j, di, dj)
    names = _assign(rec, w, {"w": pts["w"], "joint": pts["joint"]})
    expect(None not in names,
           msg("joint_step_decreases called total_loss at a weight vector other than w and w with weight i "
               "moved by di and weight j by dj (each computed from the original value)."))
    expect(sorted(names) == ["joint", "w"],
           msg("joint_step_decreases did not evaluate total_loss both at w and at the jointly moved weights."))


def _dyadic_quadratic(rng, n, pair=None, cross=None):
    """L(v) = 0.5 v'Hv + b'v + c with small integer H, b, c: exact at dyadic v. With `pair` (i, j),
    H[i, j] = H[j, i] = cross."""
    A = rng.integers(-2, 3, size=(n, n)).astype(np.float64)
    H = A + A.T
    if pair is not None:
        H[pair[0], pair[1]] = H[pair[1], pair[0]] = cross
    b = rng.integers(-3, 4, size=n).astype(np.float64)
    c = float(rng.integers(0, 5))

    def loss(v):
        v = np.asarray(v, dtype=np.float64)
        return float(0.5 * (v @ H @ v) + b @ v + c)

    return loss, H


def _dyadic(rng, size, denominator=8, top=16):
    return rng.integers(-top, top + 1, size=size).astype(np.float64) / denominator


def _dyadic_steps(rng):
    """Two non-zero steps k / 4 with 1 <= |k| <= 6."""
    return tuple(float(v) for v in rng.integers(1, 7, size=2) * rng.choice([-1.0, 1.0], size=2) / 4)


def _singles_disagree(total_loss, w, i, j, di, dj):
    """The sum of the two single-step changes says "lower" and the joint step does not, or the reverse."""
    base = total_loss(w.copy())
    singles = (total_loss(_moved(w, {i: di})) - base) + (total_loss(_moved(w, {j: dj})) - base)
    return (singles < 0) != _lowers(total_loss, w, i, j, di, dj)


def _disagreeing_steps(rng, total_loss, w, i, j, draw, tries=300):
    """Steps from draw() for which the single steps and the joint step disagree (the cross term
    decides), or the last steps drawn if none is found."""
    for _ in range(tries):
        di, dj = draw()
        if _singles_disagree(total_loss, w, i, j, di, dj):
            break
    return di, dj


def _mlp_cases(rng, count):
    """Seeded MLP cases over every continuous activation: small steps against or along the gradient
    at i and j (both answers occur), steps for which the single steps and the joint step disagree,
    and large random steps."""
    cases = []
    for k, activation in enumerate((CONTINUOUS * count)[:count]):
        case = _Case(rng, activation)
        if k % 4 < 2:
            g = case.net.loss_gradient(case.w, case.X, case.Y)
            if g[case.i] == 0 and g[case.j] == 0:
                continue
            sign = -1.0 if k % 2 == 0 else 1.0
            case.di, case.dj = (sign * 1e-3 * float(np.sign(g[m]) or 1.0) for m in (case.i, case.j))
        elif k % 4 == 2:
            case.di, case.dj = _disagreeing_steps(
                rng, case.total_loss, case.w, case.i, case.j,
                lambda: tuple(float(v) for v in rng.uniform(0.05, 1.0, size=2) * rng.choice([-1.0, 1.0], size=2)))
        cases.append(case)
    return cases


def test_matches_model_on_mlp_losses(joint_step_decreases, rng):
    """On seeded MLP RMSE losses (every continuous activation), True iff the joint step lowers the
    loss, also where the two single steps say otherwise."""
    answers = []
    for case in _mlp_cases(rng, 8):
        wanted = _lowers(case.total_loss, case.w, case.i, case.j, case.di, case.dj)
        answers.append(wanted)
        _expect_decision(joint_step_decreases(case.total_loss, case.w, case.i, case.j, case.di, case.dj),
                         wanted, msg("an MLP loss"))
    _both_answers(answers, "MLP losses")


def test_exact_on_quadratic_losses(joint_step_decreases, rng):
    """On quadratic losses with exactly representable values, True iff the joint step lowers the
    loss, also where the two single steps say otherwise."""
    answers, disagree = [], 0
    for k in range(12):
        n = int(rng.integers(2, 6))
        for _ in range(300):
            loss, _ = _dyadic_quadratic(rng, n)
            w = _dyadic(rng, n)
            i, j = (int(m) for m in rng.choice(n, size=2, replace=False))
            di, dj = _dyadic_steps(rng)
            # The first four cases: the cross term H[i, j] di dj decides.
            if k >= 4 or _singles_disagree(loss, w, i, j, di, dj):
                break
        disagree += _singles_disagree(loss, w, i, j, di, dj)
        wanted = _lowers(loss, w, i, j, di, dj)
        answers.append(wanted)
        _expect_decision(joint_step_decreases(loss, w, i, j, di, dj), wanted, msg("a quadratic loss"))
    _both_answers(answers, "quadratic losses")
    if disagree < 4:
        raise RuntimeError("too few quadratic cases where the single steps and the joint step disagree")


def test_equal_loss_is_not_a_decrease(joint_step_decreases, rng):
    """A joint step that leaves the loss exactly equal gives False (strict <); 2**-40 below gives True."""
    n = 5
    i, j, k = (int(m) for m in rng.choice(n, size=3, replace=False))
    w = _dyadic(rng, n)
    tiny = 2.0 ** -40

    def line(v):          # along the step the sum v[i] + 2 v[j] does not change
        return float((v[i] + 2.0 * v[j] - 1.0) ** 2 + 0.5 * v[k] ** 2 + 3.0)

    cases = [
        (lambda v: 1.5, w, 0.5, -0.25, False, msg("a constant loss")),
        (line, w, 0.5, -0.25, False, msg("a loss that the joint step leaves exactly unchanged")),
        (lambda v: float((v[i] + v[j] - 1.0) ** 2), np.zeros(n), 1.0, 1.0, False,
         msg("a loss that the joint step leaves exactly unchanged")),
        (lambda v: float(1.0 - tiny * (v[i] + v[j])), np.zeros(n), 0.5, 0.5, True,
         msg("a loss that the joint step lowers by 2**-40")),
        (lambda v: float(1.0 + tiny * (v[i] - v[j])), np.zeros(n), 0.5, 0.25, False,
         msg("a loss that the joint step raises by 2**-42")),
    ]
    for loss, w0, di, dj, wanted, what in cases:
        w0 = w0.copy()
        rec = Recorder(loss)
        answer = as_bool(returned(joint_step_decreases(rec, w0, i, j, di, dj), "joint_step_decreases"),
                         msg("the result of {fn}", fn="joint_step_decreases"))
        expect(answer == wanted, msg("joint_step_decreases returned {answer} for {what}; the loss must be "
                                     "strictly below total_loss(w) for True.", answer=answer, what=what))


def test_calls_total_loss_at_most_twice_at_w_and_joint_point(joint_step_decreases, rng):
    """Calls total_loss at most twice, at w and at w with both weights moved from their original values."""
    for dtype in (np.float64, np.float32, np.float32):
        case = _Case(rng, "relu", dtype=dtype, fragile=True)
        rec = Recorder(case.total_loss)
        returned(joint_step_decreases(rec, case.w, case.i, case.j, case.di, case.dj), "joint_step_decreases")
        _calls_at_w_and_joint(rec, case.w, case.i, case.j, case.di, case.dj)


def test_restores_weights_bitwise(joint_step_decreases, rng):
    """Leaves w bit for bit as it was, also for weights where (w + d) - d != w and when total_loss raises."""
    for dtype in (np.float64, np.float32):
        case = _Case(rng, dtype=dtype, fragile=True)
        w0 = case.w.copy()
        outcome = joint_step_decreases(case.total_loss, case.w, case.i, case.j, case.di, case.dj)
        returned(outcome, "joint_step_decreases")
        expect_unchanged(w0, outcome.after[1])
    case = _Case(rng, fragile=True)
    for failing_call in (1, 2):
        outcome = joint_step_decreases(Recorder(case.total_loss, fail_on_call=failing_call), case.w,
                                       case.i, case.j, case.di, case.dj)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("joint_step_decreases did not let total_loss's exception propagate."))
        expect_unchanged(case.w, outcome.after[1])


def test_same_weight_raises_value_error(joint_step_decreases, rng):
    """i and j naming the same weight (also through a negative index) raise ValueError, w unchanged."""
    case = _Case(rng)
    n = case.w.size
    k = int(rng.integers(1, n - 1))
    for i, j, what in ((k, k, "i == j"), (k, k - n, "j = i - len(w)"), (-1, n - 1, "i = -1, j = len(w) - 1")):
        outcome = joint_step_decreases(case.total_loss, case.w, i, j, case.di, case.dj)
        expect_raises(outcome, ValueError, "joint_step_decreases", msg("for {what} (the same weight)", what=what))
        expect_unchanged(case.w, outcome.after[1])


# Pairs (i, j) with negative indices, as functions of n = len(w).
NEGATIVE_PAIRS = (lambda n: (-1, 0), lambda n: (1, -n), lambda n: (-2, -3), lambda n: (-n, -1))


def _negative_index_pairs(rng):
    """(case, i, j, resolved i, resolved j, gradient) for each pair of NEGATIVE_PAIRS, on MLP losses."""
    for pair in NEGATIVE_PAIRS:
        case = _Case(rng)
        n = case.w.size
        i, j = pair(n)
        g = case.net.loss_gradient(case.w, case.X, case.Y)
        if g[i % n] == 0 or g[j % n] == 0:
            continue
        yield case, i, j, i % n, j % n, g


def test_decision_counts_negative_indices_from_the_end(joint_step_decreases, rng):
    """Negative i and j name the weights counted from the end (-len(w) is weight 0), and the answer
    is the one for those weights."""
    answers = []
    for case, i, j, ri, rj, g in _negative_index_pairs(rng):
        si, sj = float(np.sign(g[ri])), float(np.sign(g[rj]))
        # Small steps against the gradient at both weights (the loss falls), along it (it rises), and
        # a tiny step at i of either sign with the step at j deciding.
        for di, dj in ((-1e-3 * si, -1e-3 * sj), (1e-3 * si, 1e-3 * sj), (1e-6, -1e-3 * sj), (-1e-6, 1e-3 * sj)):
            wanted = _lowers(case.total_loss, case.w, ri, rj, di, dj)
            answers.append(wanted)
            _expect_decision(joint_step_decreases(case.total_loss, case.w, i, j, di, dj), wanted,
                             msg("an MLP loss with negative indices"))
    _both_answers(answers, "negative indices")


def test_out_of_range_index_raises_index_error(joint_step_decreases, rng):
    """An index past either end of w raises IndexError, w unchanged."""
    case = _Case(rng)
    n = case.w.size
    for i, j, what in ((n, 0, "i = len(w)"), (0, -n - 1, "j = -len(w) - 1"), (1, n + 3, "j > len(w)")):
        outcome = joint_step_decreases(case.total_loss, case.w, i, j, case.di, case.dj)
        expect_raises(outcome, IndexError, "joint_step_decreases", msg("for {what}", what=what))
        expect_unchanged(case.w, outcome.after[1])


# -- step_interaction ----------------------------------------------------------------------------

def _mixed_difference(total_loss, w, i, j, di, dj):
    """(L(joint) - L(i) - L(j) + L(w), tolerance for any summation order), from the test's own
    evaluations at the four points (float64 w: one stored point each)."""
    L = [total_loss(_moved(w, moves)) for moves in ({i: di, j: dj}, {i: di}, {j: dj}, {})]
    return L[0] - L[1] - L[2] + L[3], 16 * np.finfo(np.float64).eps * max(abs(v) for v in L)


def _expect_interaction(outcome, wanted, tol, what):
    """A finite float within tol of wanted. Returns it."""
    value = as_float(returned(outcome, "step_interaction"), msg("the result of {fn}", fn="step_interaction"))
    said = (N_("step_interaction differs from L(w + di e_i + dj e_j) - L(w + di e_i) - L(w + dj e_j) + L(w) "
               "for {what} (it has the opposite sign).") if abs(value + wanted) <= tol < abs(wanted)
            else N_("step_interaction differs from L(w + di e_i + dj e_j) - L(w + di e_i) - L(w + dj e_j) + L(w) "
                    "for {what}."))
    expect(np.isfinite(value) and abs(value - wanted) <= tol, msg(said, what=what))
    return value


def _calls_at_the_four_points(rec, w, i, j, di, dj):
    """Exactly 4 calls, one at each of the four points (any order, either rounding)."""
    expect_calls(rec, 4, "step_interaction", "total_loss")
    names = _assign(rec, w, _points(i, j, di, dj))
    expect(None not in names,
           msg("step_interaction called total_loss at a weight vector other than the four of the contract: "
               "w, w with weight i moved, w with weight j moved, and w with both moved, each move computed "
               "from the original value (never by accumulating or undoing steps)."))
    expect(sorted(names) == sorted(["w", "i", "j", "joint"]),
           msg("step_interaction did not evaluate total_loss once at each of w, w + di e_i, w + dj e_j and "
               "w + di e_i + dj e_j."))


def test_exact_on_quadratics(step_interaction, rng):
    """On quadratic losses with exactly representable values it returns exactly H[i, j] * di * dj
    (0 when H[i, j] is 0)."""
    for k in range(10):
        n = int(rng.integers(2, 7))
        i, j = (int(m) for m in rng.choice(n, size=2, replace=False))
        # Every third case uncoupled (H[i, j] = 0), the others coupled.
        cross = 0.0 if k % 3 == 0 else float(rng.choice([-4, -3, -2, -1, 1, 2, 3, 4]))
        loss, H = _dyadic_quadratic(rng, n, (i, j), cross)
        w = _dyadic(rng, n)
        di, dj = _dyadic_steps(rng)
        value = as_float(returned(step_interaction(loss, w, i, j, di, dj), "step_interaction"),
                         msg("the result of {fn}", fn="step_interaction"))
        expect(value == H[i, j] * di * dj,
               msg("step_interaction does not return exactly H[i, j] * di * dj on a quadratic loss whose "
                   "values are exactly representable."))


def test_separable_losses_give_zero_coupled_ones_do_not(step_interaction, rng):
    """On a loss that is a function of w[i] plus a function of w[j] it returns 0 (within rounding);
    with a cross term coupling w[i] and w[j] added, the non-zero mixed difference."""
    n = 6
    i, j, k = (int(m) for m in rng.choice(n, size=3, replace=False))

    def separable(v):
        return float(np.tanh(v[i]) ** 2 + np.cos(v[j]) + 0.5 * v[k] ** 2)

    def coupled(v):
        return separable(v) + 0.7 * float(np.sin(v[i] + 0.3) * v[j])

    for _ in range(3):
        w = rng.standard_normal(n)
        di, dj = (float(v) for v in rng.uniform(0.1, 0.5, size=2) * rng.choice([-1.0, 1.0], size=2))
        for loss, what in ((separable, msg("a loss in which the two weights do not interact")),
                           (coupled, msg("a loss with a cross term in the two weights"))):
            wanted, tol = _mixed_difference(loss, w, i, j, di, dj)
            if (loss is coupled) != (abs(wanted) > 1e3 * tol):
                raise RuntimeError("a separable test loss interacts, or a coupled one does not")
            _expect_interaction(step_interaction(loss, w, i, j, di, dj), wanted, tol, what)


def test_mixed_difference_of_mlp_losses(step_interaction, rng):
    """On seeded MLP RMSE losses (every continuous activation) it returns the mixed difference."""
    for activation in CONTINUOUS:
        case = _Case(rng, activation)
        wanted, tol = _mixed_difference(case.total_loss, case.w, case.i, case.j, case.di, case.dj)
        value = _expect_interaction(step_interaction(case.total_loss, case.w, case.i, case.j, case.di,
                                                     case.dj), wanted, tol, msg("an MLP loss"))
        expected = ref.step_interaction(case.total_loss, case.w.copy(), case.i, case.j, case.di, case.dj)
        expect(abs(value - expected) <= 1e-12 + 1e-9 * abs(expected),
               msg("step_interaction differs from the mixed difference of the model's loss."))


def test_four_calls_at_the_four_points(step_interaction, rng):
    """Calls total_loss exactly 4 times, at the four points, each move from the original value (float32 too)."""
    for dtype in (np.float64, np.float32, np.float32):
        case = _Case(rng, "sigmoid", dtype=dtype, fragile=True)
        rec = Recorder(case.total_loss)
        returned(step_interaction(rec, case.w, case.i, case.j, case.di, case.dj), "step_interaction")
        _calls_at_the_four_points(rec, case.w, case.i, case.j, case.di, case.dj)


def test_interaction_restores_weights_bitwise(step_interaction, rng):
    """Leaves w bit for bit as it was, also for weights where (w + d) - d != w and when total_loss raises."""
    for dtype in (np.float64, np.float32):
        case = _Case(rng, dtype=dtype, fragile=True)
        w0 = case.w.copy()
        outcome = step_interaction(case.total_loss, case.w, case.i, case.j, case.di, case.dj)
        returned(outcome, "step_interaction")
        expect_unchanged(w0, outcome.after[1])
    case = _Case(rng, fragile=True)
    for failing_call in (1, 2, 3, 4):
        outcome = step_interaction(Recorder(case.total_loss, fail_on_call=failing_call), case.w,
                                   case.i, case.j, case.di, case.dj)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("step_interaction did not let total_loss's exception propagate."))
        expect_unchanged(case.w, outcome.after[1])


def test_interaction_counts_negative_indices_from_the_end(step_interaction, rng):
    """Negative i and j name the weights counted from the end (-len(w) is weight 0), and the result
    is the mixed difference for those weights."""
    for case, i, j, ri, rj, _ in _negative_index_pairs(rng):
        di, dj = (float(v) for v in np.array([0.2, 0.3]) * rng.choice([-1.0, 1.0], size=2))
        wanted, tol = _mixed_difference(case.total_loss, case.w, ri, rj, di, dj)
        _expect_interaction(step_interaction(case.total_loss, case.w, i, j, di, dj), wanted, tol,
                            msg("an MLP loss with negative indices"))


def test_interaction_out_of_range_index_raises_index_error(step_interaction, rng):
    """An index past either end of w raises IndexError, w unchanged."""
    case = _Case(rng)
    n = case.w.size
    for i, j, what in ((n, 0, "i = len(w)"), (1, -n - 1, "j = -len(w) - 1"), (n + 3, -1, "i > len(w)")):
        outcome = step_interaction(case.total_loss, case.w, i, j, case.di, case.dj)
        expect_raises(outcome, IndexError, "step_interaction", msg("for {what}", what=what))
        expect_unchanged(case.w, outcome.after[1])


# -- joint_step_counterexample: judged by its properties only -----------------------------------

DI, DJ = -0.1, 0.3
MARGIN = 1e-6
SAMPLES = 1001
STEPS = ((DI, 0.0), (0.0, DJ), (DI, DJ))
NAMES = ("w0 + (di, 0)", "w0 + (0, dj)", "w0 + (di, dj)")


def _counterexample(joint_step_counterexample):
    """(f, w0 as a float64 array of shape (2,)) from the candidate's answer, or PropertyFailed."""
    value = returned(joint_step_counterexample(), "joint_step_counterexample")
    if not (type(value) in (tuple, list) and len(value) == 2):
        if type(value) in (tuple, list):
            raise PropertyFailed(msg("joint_step_counterexample must return a pair (f, w0); it returned {kind} "
                                     "of length {n}.", kind=_kind(value), n=len(value)))
        raise PropertyFailed(msg("joint_step_counterexample must return a pair (f, w0); it returned {kind}.",
                                 kind=_kind(value)))
    f, w0 = value
    expect(isinstance(f, RemoteCallable),
           msg("the first element of the pair returned by joint_step_counterexample is {kind}; "
               "expected a function f.", kind=_kind(f)))
    return f, _start_point(w0)


def _kind(value):
    name = getattr(value, "type_name", None) or type(value).__name__
    return msg(N_("an {type}") if name[:1].lower() in "aeiou" else N_("a {type}"), type=name)


def _start_point(w0):
    """w0 as float64 (2,): a real-valued ndarray of shape (2,), or a list/tuple of two real numbers."""
    if type(w0) is np.ndarray:
        expect(w0.dtype.kind in "iuf" and w0.shape == (2,),
               msg("w0 is an array of dtype {dtype} and shape {shape}; expected 2 real numbers.",
                   dtype=str(w0.dtype), shape=str(w0.shape)))
        point = w0.astype(np.float64)
    elif type(w0) in (list, tuple):
        ok = len(w0) == 2 and all(type(x) in (int, float) or (isinstance(x, np.generic)
                                                               and x.dtype.kind in "iuf") for x in w0)
        expect(ok, msg("w0 is a list or tuple that does not hold exactly 2 real numbers."))
        point = np.array([float(x) for x in w0], dtype=np.float64)
    else:
        raise PropertyFailed(msg("w0 is {kind}; expected an array of length 2.", kind=_kind(w0)))
    expect(bool(np.all(np.isfinite(point))), msg("w0 holds a NaN or an infinity."))
    return point


def _real(value):
    """A returned f value as a Python float, or None if it is not a floating number.

    Accepted: Python float, NumPy floating scalar, and (leniently) a floating ndarray holding
    exactly one number, e.g. the 0-d result of some NumPy reductions."""
    if type(value) is float:
        return value
    if isinstance(value, np.generic) and value.dtype.kind == "f":
        return float(value)
    if type(value) is np.ndarray and value.dtype.kind == "f" and value.size == 1:
        return float(value.reshape(-1)[0])
    return None


def _evaluate(f, points, where):
    """f at every point (one batch), as float64; PropertyFailed if f raises or returns a non-float."""
    outcomes = f.evaluate([(p,) for p in points], timeout=10.0)
    expect(len(outcomes) == len(points), msg("f did not answer for every point it was given."))
    values = np.empty(len(points))
    for k, out in enumerate(outcomes):
        if out.raised is not None:
            raise PropertyFailed(msg("f raised {exc} at a point {where}; it must give a finite float at every "
                                     "point.", exc=out.raised.type, where=where))
        x = _real(out.value)
        if x is None:
            raise PropertyFailed(msg("f returned {kind} at a point {where}; expected a float.",
                                     kind=_kind(out.value), where=where))
        values[k] = x
    return values


def _segments(w0):
    """3 x 1001 evenly spaced points from w0 to w0 + step, for each step: the first is w0 itself
    (no signed-zero surprises), the last w0 + step exactly as in the inequalities."""
    t = np.linspace(0.0, 1.0, SAMPLES)
    return [[w0.copy()] + [w0 + tk * np.array(step) for tk in t[1:]] for step in STEPS]


def _segment_values(f, w0):
    segs = _segments(w0)
    flat = [p for seg in segs for p in seg]
    values = _evaluate(f, flat, msg("on the segments from w0 to the three stepped points"))
    return values.reshape(3, SAMPLES)


def test_returns_function_and_start_point(joint_step_counterexample):
    """Returns a pair (f, w0): f a function, w0 a finite array of length 2."""
    f, w0 = _counterexample(joint_step_counterexample)
    values = _evaluate(f, [w0], "w0")
    expect(bool(np.isfinite(values[0])), msg("f(w0) is not finite."))


def test_single_steps_help_joint_step_hurts(joint_step_counterexample):
    """f(w0 + (di, 0)) and f(w0 + (0, dj)) are below f(w0) - 1e-6, f(w0 + (di, dj)) above f(w0) + 1e-6."""
    f, w0 = _counterexample(joint_step_counterexample)
    points = [w0] + [w0 + np.array(step) for step in STEPS]
    base, only_i, only_j, joint = _evaluate(f, points, msg("w0 or one of the three stepped points"))
    expect(bool(np.all(np.isfinite([base, only_i, only_j, joint]))),
           msg("f is not finite at w0 or at one of the three stepped points."))
    for value, name in ((only_i, NAMES[0]), (only_j, NAMES[1])):
        expect(value < base - MARGIN, msg("f({name}) is not below f(w0) - 1e-6: that single step does not "
                                          "help (di = -0.1, dj = +0.3).", name=name))
    expect(joint > base + MARGIN, msg("f(w0 + (di, dj)) is not above f(w0) + 1e-6: the joint step does not "
                                      "hurt by more than the margin."))


def test_finite_float_everywhere_on_segments(joint_step_counterexample):
    """f returns a finite float at every one of the 3,003 sample points of the three segments."""
    f, w0 = _counterexample(joint_step_counterexample)
    values = _segment_values(f, w0)
    bad = int(np.count_nonzero(~np.isfinite(values)))
    expect(bad == 0, msg("f returned NaN or an infinity at {bad} of the {size} sample points on the "
                         "segments from w0 to the three stepped points.", bad=bad, size=values.size))


def test_deterministic(joint_step_counterexample):
    """f gives identical values for the same points: twice in a row, within a batch, and after
    joint_step_counterexample is called again."""
    f, w0 = _counterexample(joint_step_counterexample)
    segs = _segments(w0)
    points = [p for seg in segs for p in seg[::10]]          # 303 points, w0 among them 3 times
    first = _evaluate(f, points, msg("on the segments"))
    second = _evaluate(f, points, msg("on the segments"))
    f2, w02 = _counterexample(joint_step_counterexample)
    third = _evaluate(f, points, msg("on the segments"))
    again = [w02] + [w02 + np.array(step) for step in STEPS]
    own = _evaluate(f2, again + again, msg("w0 or one of the three stepped points"))

    def same(a, b):
        return a.view(np.uint64).tobytes() == b.view(np.uint64).tobytes()

    starts = first[[0, 101, 202]]
    expect(same(starts, np.full(3, starts[0])),
           msg("f gave different values for the same point w0 within one batch of evaluations: it is not "
               "deterministic."))
    expect(same(first, second), msg("f gave different values when evaluated twice at the same points: it is "
                                    "not deterministic."))
    expect(same(first, third), msg("f gave different values at the same points after joint_step_counterexample "
                                   "was called again: it is not deterministic."))
    expect(same(own[:4], own[4:]), msg("the f returned by a second call of joint_step_counterexample gave "
                                       "different values when evaluated twice at the same points."))


def test_continuous_along_segments(joint_step_counterexample):
    """On 1,001 evenly spaced samples of each segment from w0, no two neighbours differ by more than
    5% of the range of all 3,003 samples."""
    f, w0 = _counterexample(joint_step_counterexample)
    values = _segment_values(f, w0)
    expect(bool(np.all(np.isfinite(values))),
           msg("f is not finite at some sample points on the segments, so it is not continuous there."))
    spread = float(values.max() - values.min())
    jumps = np.abs(np.diff(values, axis=1))
    for k, name in enumerate(NAMES):
        big = int(np.count_nonzero(jumps[k] > 0.05 * spread))
        said = (N_("on the segment from w0 to {name}, {big} pairs of neighbouring samples differ by more than "
                   "5% of the range of all samples: f jumps there.") if big > 1
                else N_("on the segment from w0 to {name}, {big} pair of neighbouring samples differ by more than "
                        "5% of the range of all samples: f jumps there."))
        expect(big == 0, msg(said, name=name, big=big))
