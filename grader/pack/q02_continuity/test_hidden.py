"""Hidden properties of Q2: find_jumps.

Every model here has jumps whose locations are known analytically (one, for a small xtol, is
also located to the ulp where the floating-point network jumps). In the gdkit MLPs
weight `index` is W1[a, u], the first-layer weight from input a to hidden unit u, so only
unit u moves with t and its pre-activation is z_u = x_a * t + c: a step unit jumps at
t = -c/x_a, a floor unit at t = (k - c)/x_a for every integer k, by |W2[u]| each time.
`_Mixed` puts one linear unit z = x_a * t + c in front of several units with their own
activations (sign, a midpoint staircase, step, tanh, sigmoid, ReLU, leaky ReLU, identity for
a ramp), so one sweep crosses several thresholds, some of them exactly on points a search
samples. Every case respects the contract's guarantees (spacing, distance from lo and hi,
jump size, Lipschitz constants), which `_check_case` asserts before the candidate is called.

Each search is a thousand predict calls or more, each a round trip to the worker, so the
module keeps to four searches, two per value check (each check mixes answers: one jump and
none, or many jumps of two kinds). The call budget and restoring w are judged on those same
searches by the property checks, which run a search of their own only when no value check
ran before them.
"""

import numpy as np
import pytest

from gdgrade.gdkit.models import MLP, activate
from gdgrade.i18n import N_, msg
from gdgrade.pack.shared import (PropertyFailed, Recorder, candidate, expect, expect_raises, expect_unchanged,
                                 returned)

find_jumps = candidate("find_jumps")

CALL_LIMIT = 50_000
# A correct search may use up to 50,000 predict calls, each a round trip between the
# worker and this process (~0.1 ms): give every call the most a hidden test may ask for
# (gdgrade.limits.Limits.max_call_seconds).
TIMEOUT = 30.0

# Every search of this grading session: (predict calls, w before, w after, problem), with
# w after None and `problem` the exception to report when the search did not return a value
# (the candidate raised, crashed, ran out of time or is not implemented).
_SEARCHES = []


@pytest.fixture(scope="module", autouse=True)
def _fresh_searches():
    """Each grading session starts with no recorded searches (the module may be reused)."""
    _SEARCHES.clear()
    yield
    _SEARCHES.clear()


# -- models ---------------------------------------------------------------------------------------

def _case(rng, act, x_a, c, out_weight, first=False):
    """(net, w, x, index): a gdkit MLP [d, h, 1] where weight `index` = W1[a, u] gives unit u
    the pre-activation z_u = x_a * t + c and W2[u] = out_weight; the other units are fixed.
    With first=True, a = u = 0: the swept weight is w[0]."""
    d, h = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    net = MLP([d, h, 1], act)
    w = net.init(rng)
    a, u = (0, 0) if first else (int(rng.integers(0, d)), int(rng.integers(0, h)))
    x = rng.standard_normal(d)
    x[a] = x_a
    (W1, b1), (W2, _) = net.layers(w)   # views into w
    b1[u] = c - float(x @ W1[:, u] - x_a * W1[a, u])
    W2[u, 0] = out_weight
    return net, w, x, net.weight_index(0, a, u)


def _sign(z):
    """Binarising activation -1 / 0 / +1: exactly at a threshold y sits halfway."""
    return np.sign(z)


def _mid_staircase(z):
    """A staircase taking the midpoint value (floor + ceil) / 2 exactly at each integer."""
    return 0.5 * (np.floor(z) + np.ceil(z))


class _Mixed:
    """Two layers: one linear unit z = x . v + b feeding m units with their own activations.

    w = [v (d), b, s (m), c (m), A (m), b_out]; y = sum_j A_j act_j(s_j z + c_j) + b_out.
    Weight `index` is v[a], so z = x_a * t + const moves every unit of the second layer."""

    def __init__(self, d, acts):
        self.d, self.acts = d, tuple(acts)
        self.n_params = d + 2 + 3 * len(acts)

    def predict(self, w, X):
        d, m = self.d, len(self.acts)
        z = np.asarray(X) @ w[:d] + w[d]
        s, c, A = w[d + 1:d + 1 + m], w[d + 1 + m:d + 1 + 2 * m], w[d + 1 + 2 * m:d + 1 + 3 * m]
        Z = z[:, None] * s + c
        H = np.column_stack([act(Z[:, j]) if callable(act) else activate(act, Z[:, j])
                             for j, act in enumerate(self.acts)])
        return H @ A + w[-1]


def _mixed_case(rng, units, exact=False):
    """(model, w, x, index) for _Mixed where unit j = (act, t_j, S_j, A_j) has pre-activation
    S_j * (t - t_j), i.e. its threshold at t = t_j and slope S_j in t, and output weight A_j.

    With exact=True z = t exactly (x_a = 1, the other input weights and b are 0) and the
    caller passes dyadic t_j and S_j, so every pre-activation is computed without rounding."""
    d = int(rng.integers(2, 5))
    model = _Mixed(d, [u[0] for u in units])
    m = len(units)
    a = int(rng.integers(0, d))
    x = np.round(rng.standard_normal(d) * 8) / 8
    w = np.zeros(model.n_params)
    if exact:
        x[a], c = 1.0, 0.0
    else:
        x[a] = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
        w[:d] = rng.standard_normal(d)
        w[d] = float(rng.standard_normal())
        c = float(x @ w[:d] - x[a] * w[a] + w[d])   # z = x_a * t + c
    for j, (_, t_j, S_j, A_j) in enumerate(units):
        s_j = S_j / x[a]
        w[d + 1 + j] = s_j
        w[d + 1 + m + j] = -s_j * (x[a] * t_j + c)
        w[d + 1 + 2 * m + j] = A_j
    w[-1] = float(rng.standard_normal())
    w[a] = float(rng.standard_normal())
    return model, w, x, a


def _check_case(jumps, lo, hi, sizes=(), min_jump=None, lipschitz=0.0, xtol=None):
    """The contract's guarantees for a test case (a grader defect if they fail)."""
    jumps = np.sort(np.asarray(jumps, dtype=np.float64))
    gap = (hi - lo) / 256
    pts = np.concatenate([[lo], jumps, [hi]])
    if not np.all(np.diff(pts) > gap):
        raise RuntimeError("test case violates the spacing guarantee")
    if len(sizes) and not np.min(np.abs(sizes)) >= 10 * min_jump:
        raise RuntimeError("test case violates the jump-size guarantee")
    if not lipschitz * xtol <= min_jump / 100:
        raise RuntimeError("test case violates the Lipschitz guarantee (xtol)")
    if len(jumps) and not lipschitz * (hi - lo) / 1024 <= min_jump / 4:
        raise RuntimeError("test case violates the Lipschitz guarantee (grid)")
    return jumps


def _floor_jumps(x_a, c, lo, hi):
    """Every t in (lo, hi) with x_a * t + c an integer."""
    z = sorted((x_a * lo + c, x_a * hi + c))
    ks = np.arange(np.floor(z[0]) - 1, np.ceil(z[1]) + 2)
    t = (ks - c) / x_a
    return np.sort(t[(t > lo) & (t < hi)])


def _interval(rng):
    lo = float(rng.uniform(-3.0, 1.0))
    return lo, lo + float(rng.uniform(1.0, 4.0))


def _inside(rng, lo, hi):
    """A random point more than 2 (hi-lo)/256 from both ends."""
    m = 2 * (hi - lo) / 256
    return float(rng.uniform(lo + m, hi - m))


# -- running a search and judging its answer ------------------------------------------------------

def _search(find_jumps, predict, w, x, index, lo, hi, min_jump, xtol):
    """Call find_jumps; check the result's form and the points predict was called at, and
    record the call count and w for the property checks. Returns the result."""
    rec = Recorder(predict)
    original = w.copy()
    try:
        outcome = find_jumps.with_timeout(TIMEOUT)(rec, w, x, index, lo, hi, min_jump=min_jump,
                                                   xtol=xtol)
    except Exception as exc:
        _SEARCHES.append((rec.count, original, None, exc))
        raise
    try:
        value = returned(outcome, "find_jumps")
    except PropertyFailed as exc:
        _SEARCHES.append((rec.count, original, None, exc))
        raise
    _SEARCHES.append((rec.count, original, outcome.after[1], None))
    expect(type(value) is np.ndarray,
           msg("{fn} returned a {type}; expected a numpy.ndarray.", fn="find_jumps",
               type=getattr(value, 'type_name', None) or type(value).__name__))
    expect(value.dtype == np.float64,
           msg("{fn} returned dtype {dtype}; expected float64.", fn="find_jumps", dtype=str(value.dtype)))
    expect(value.ndim == 1,
           msg("{fn} returned shape {shape}; expected a 1-D array.", fn="find_jumps", shape=str(value.shape)))
    i = index % w.size
    used = [c[0] for c in rec.calls]
    expect(all(isinstance(u, np.ndarray) and u.shape == w.shape for u in used),
           msg("{fn} called predict with a weight vector of the wrong shape.", fn="find_jumps"))
    if used:
        others = np.delete(np.stack(used).astype(np.float64), i, axis=1)
        expect(bool(np.all(others == np.delete(original, i))),
               msg("{fn} called predict with weights other than `index` changed.", fn="find_jumps"))
    expect(bool(np.all(np.isfinite(value))), msg("{fn} returned non-finite values.", fn="find_jumps"))
    expect(bool(np.all(np.diff(value) >= 0)), msg("{fn} returned values that are not sorted.", fn="find_jumps"))
    return value


def _expect_jumps(value, jumps, xtol, case, slack=1e-12):
    """Each value within xtol of a distinct true jump, each jump exactly once, nothing else."""
    jumps = np.asarray(jumps, dtype=np.float64)
    # The analytic location and the one floating point produces differ by a few ulps of the
    # pre-activation's terms; the slack is far below anything a wrong search gets wrong.
    tol = xtol * (1 + 1e-3) + slack
    hits = np.zeros(len(jumps), dtype=int)
    stray = 0
    for v in value:
        k = int(np.argmin(np.abs(jumps - v))) if len(jumps) else -1
        if k >= 0 and abs(v - jumps[k]) <= tol:
            hits[k] += 1
        else:
            stray += 1
    problems = []
    missed = int(np.count_nonzero(hits == 0))
    if missed:
        problems.append(msg(N_("missed {n} jumps") if missed > 1 else N_("missed {n} jump"), n=missed))
    twice = int(np.count_nonzero(hits > 1))
    if twice:
        problems.append(msg(N_("reported {n} jumps more than once") if twice > 1
                            else N_("reported {n} jump more than once"), n=twice))
    if stray:
        problems.append(msg(N_("returned {n} values not within xtol of any jump") if stray > 1
                            else N_("returned {n} value not within xtol of any jump"), n=stray))
    if problems:
        said = problems[0]
        for problem in problems[1:]:
            said = msg("{first} and {then}", first=said, then=problem)
        raise PropertyFailed(msg("For {case}, {fn} {problems}.", case=case, fn="find_jumps", problems=said))


# -- cases ----------------------------------------------------------------------------------------

def _y(predict, w, x, index, t):
    """y(t), evaluated here (not by the candidate)."""
    v = w.copy()
    v[index] = t
    return float(np.asarray(predict(v, x[None, :])).item())


def _symmetric_step(rng):
    """A gdkit step network whose output jumps from -A to +A (or from +A to -A) at one t in
    (lo, hi), so |y| is the same on both sides; xtol close to the contract's smallest,
    1e-12 * max(1, |lo|, |hi|); the swept weight is w[0], passed as index -len(w). Returns
    (net, w, x, index, lo, hi, min_jump, xtol, jump, slack): jump and slack bracket the
    floating-point jump location to a couple of ulps."""
    lo, hi = _interval(rng)
    min_jump = 0.01
    xtol = float(rng.uniform(1.0, 2.0)) * 1e-12 * max(1.0, abs(lo), abs(hi))
    t_star = _inside(rng, lo, hi)
    x_a = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
    out_w = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.1, 1.0))
    net, w, x, index = _case(rng, "step", x_a, -x_a * t_star, out_w, first=True)
    (_, _), (_, b2) = net.layers(w)   # a view into w
    b2[0] -= 0.5 * (_y(net.predict, w, x, index, lo) + _y(net.predict, w, x, index, hi))
    y_lo, y_hi = _y(net.predict, w, x, index, lo), _y(net.predict, w, x, index, hi)
    if not (abs(abs(y_lo) - abs(y_hi)) <= 1e-12 and abs(y_hi - y_lo) >= 0.1):
        raise RuntimeError("test case is not a jump from -A to +A")
    # Where the floating-point network actually jumps (the analytic t_star moved by a few
    # ulps of the pre-activation's terms): the last t giving y(lo) and the first giving y(hi).
    a, b = t_star - 1e-6, t_star + 1e-6
    if _y(net.predict, w, x, index, a) != y_lo or _y(net.predict, w, x, index, b) != y_hi:
        raise RuntimeError("test case does not jump near t_star")
    while np.nextafter(a, b) < b:
        c = 0.5 * (a + b)
        if not a < c < b:
            break
        if _y(net.predict, w, x, index, c) == y_lo:
            a = c
        else:
            b = c
    jumps = _check_case([a], lo, hi, [out_w], min_jump, 0.0, xtol)
    # Weight 0, named by the lowest valid index, -len(w).
    return net, w, x, index - w.size, lo, hi, min_jump, xtol, jumps, 2 * (b - a)


def _continuous_ramp(rng):
    """A network continuous on (lo, hi) and steep everywhere: a linear ramp changing y by
    1.2-1.5 min_jump over every grid interval lo + (hi-lo)k/1024, tanh and sigmoid cliffs
    rising by ~2|A| and |A| within far less than one grid interval (Lipschitz constant 4e3
    each, the pair within K*xtol <= min_jump/100), ReLU and leaky ReLU kinks 10 grid
    intervals from an end with y changing by 3*min_jump per grid interval more on their steep
    side, and a step unit whose jump lies beyond hi (or before lo)."""
    min_jump, xtol = 1e-3, 1e-9
    for _ in range(100):
        lo, hi = _interval(rng)
        h = (hi - lo) / 1024
        t_tanh, t_sig = sorted(_inside(rng, lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)) for _ in range(2))
        slope = float(rng.uniform(1.2, 1.5)) * min_jump / h
        units, K = [("identity", lo, float(rng.choice([-1.0, 1.0])) * slope, 1.0)], slope
        for act, t_j, peak in (("tanh", t_tanh, 1.0), ("sigmoid", t_sig, 0.25)):
            A = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0))
            units.append((act, t_j, float(rng.choice([-1.0, 1.0])) * 4e3 / (abs(A) * peak), A))
            K += 4e3
        for act, t_j, direction in (("relu", hi - 10 * h, 1.0), ("leaky_relu", lo + 10 * h, -1.0)):
            A = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0))
            units.append((act, t_j, direction * 3 * min_jump / h / abs(A), A))
            K += 3 * min_jump / h
        beyond = hi + float(rng.uniform(0.1, 1.0)) if rng.random() < 0.5 else lo - float(rng.uniform(0.1, 1.0))
        units.append(("step", beyond, float(rng.choice([-1.0, 1.0])), float(rng.choice([-1.0, 1.0]))))
        _check_case([], lo, hi, [], min_jump, K, xtol)
        model, w, x, index = _mixed_case(rng, units)
        ys = [_y(model.predict, w, x, index, t) for t in np.linspace(lo, hi, 1025)]
        if np.min(np.abs(np.diff(ys))) > min_jump:
            return model, w, x, index, lo, hi, min_jump, xtol
    raise RuntimeError("no ramp steep on every grid interval found")


def _floor_with_drift(rng):
    """A floor-activation network with several jumps t = (k - c)/x_a, plus a gentle continuous
    term with K*(hi-lo)/1024 = 0.2*min_jump; searched through a negative index."""
    min_jump, xtol = 1e-3, 1e-9
    for _ in range(1000):
        lo, hi = _interval(rng)
        x_a = float(rng.choice([-1.0, 1.0]) * rng.uniform(2.5, 6.0))
        c = float(rng.uniform(-2.0, 2.0))
        jumps = _floor_jumps(x_a, c, lo, hi)
        pts = np.concatenate([[lo], jumps, [hi]])
        if len(jumps) >= 4 and np.all(np.diff(pts) > 2 * (hi - lo) / 256):
            break
    out_w = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.05, 1.0))
    net, w, x, index = _case(rng, "floor", x_a, c, out_w)
    K = 0.2 * min_jump * 1024 / (hi - lo)
    freq = float(rng.uniform(2.0, 8.0))
    jumps = _check_case(jumps, lo, hi, [out_w], min_jump, K, xtol)

    def predict(w_, X_):
        return net.predict(w_, X_) + (K / freq) * np.sin(freq * w_[index])

    return predict, w, x, index - w.size, lo, hi, min_jump, xtol, jumps


def _jumps_on_sampled_points(rng):
    """Jumps exactly on uniform-grid and bisection points (lo + (hi-lo)k/1024, k/2^m): a
    midpoint staircase (y halfway at each jump), a sign unit at an odd grid point (y halfway
    there: both neighbouring grid intervals change by half the jump) and a step unit at an
    even one (y takes the value from the left there)."""
    xtol = 1e-9
    lo, hi = -1.5, 2.5   # lo + (hi-lo)k/2^m and every bisection midpoint are exact dyadics
    sign = float(rng.choice([-1.0, 1.0]))
    c = float(rng.choice([3, 5, 7, 9, 11, 13]) / 16)
    # A midpoint staircase 4*sign*t + c: jumps at odd multiples of 1/64, y halfway at each.
    stairs = _floor_jumps(4.0 * sign, c, lo, hi)
    for _ in range(1000):
        k_sign = 2 * int(rng.integers(3, 509)) + 1
        k_step = 2 * int(rng.integers(4, 509))
        t_sign, t_step = lo + (hi - lo) * k_sign / 1024, lo + (hi - lo) * k_step / 1024
        pts = np.sort(np.concatenate([[lo, hi, t_sign, t_step], stairs]))
        if np.all(np.diff(pts) > 2 * (hi - lo) / 256):
            break
    a_stairs, a_step = (float(rng.choice([-1.0, 1.0]) * rng.integers(2, 9) / 8) for _ in range(2))
    a_sign = float(rng.choice([-1.0, 1.0])) / 8
    # The sign jump (size 1/4, the smallest) is just above 10*min_jump: each half of it,
    # seen from one grid interval, is only about 5*min_jump.
    min_jump = 0.25 / 10.5
    model, w, x, index = _mixed_case(
        rng, [(_mid_staircase, -c / (4.0 * sign), 4.0 * sign, a_stairs),
              (_sign, t_sign, 1.0, a_sign), ("step", t_step, float(rng.choice([-1.0, 1.0])), a_step)],
        exact=True)
    jumps = _check_case(np.concatenate([stairs, [t_sign, t_step]]), lo, hi,
                        [a_stairs, 2 * a_sign, a_step], min_jump, 0.0, xtol)
    return model.predict, w, x, index, lo, hi, min_jump, xtol, jumps


# -- value checks: two searches each, with different answers --------------------------------------

def test_step_jump_found_once_and_continuous_ramps_give_none(find_jumps, rng):
    """A step jump from -A to +A is returned once within a small xtol (index -len(w)), and a network continuous on (lo, hi) gives nothing, however steep (a ramp changing by more than min_jump over every grid interval, tanh and sigmoid cliffs, ReLU kinks)."""
    net, w, x, index, lo, hi, min_jump, xtol, jumps, slack = _symmetric_step(rng)
    value = _search(find_jumps, net.predict, w, x, index, lo, hi, min_jump, xtol)
    _expect_jumps(value, jumps, xtol, msg("a step-activation network jumping from -A to +A"), slack)
    model, w, x, index, lo, hi, min_jump, xtol = _continuous_ramp(rng)
    value = _search(find_jumps, model.predict, w, x, index, lo, hi, min_jump, xtol)
    _expect_jumps(value, [], xtol, msg("a steep network continuous on (lo, hi)"))


def test_every_jump_found_once_also_on_sampled_points(find_jumps, rng):
    """Every jump of a floor activation (plus a gentle continuous term, through a negative index) is returned once, and so is every jump lying exactly on a uniform-grid or bisection point, also where y sits halfway."""
    predict, w, x, index, lo, hi, min_jump, xtol, jumps = _floor_with_drift(rng)
    value = _search(find_jumps, predict, w, x, index, lo, hi, min_jump, xtol)
    _expect_jumps(value, jumps, xtol, msg("a floor-activation network with several jumps"))
    predict, w, x, index, lo, hi, min_jump, xtol, jumps = _jumps_on_sampled_points(rng)
    value = _search(find_jumps, predict, w, x, index, lo, hi, min_jump, xtol)
    _expect_jumps(value, jumps, xtol, msg("a network with several jumps on grid points"))


# -- property checks ------------------------------------------------------------------------------

def _searches(find_jumps, rng):
    """The searches of this session's value checks; run alone, one search of its own."""
    if not _SEARCHES:
        lo, hi = _interval(rng)
        net, w, x, index = _case(rng, "step", 1.0, -_inside(rng, lo, hi), 0.5)
        try:
            _search(find_jumps, net.predict, w, x, index, lo, hi, 1e-3, 1e-9)
        except PropertyFailed:
            pass   # a wrong answer is for the value checks; the calls and w were recorded
    return list(_SEARCHES)


def test_calls_predict_at_most_50000_times(find_jumps, rng):
    """Every search calls predict at most 50,000 times (and returns, so that its calls can be counted)."""
    for calls, _, _, problem in _searches(find_jumps, rng):
        expect(calls <= CALL_LIMIT,
               msg("{fn} called predict {calls} times in one search; the contract allows at most {limit}.",
                   fn="find_jumps", calls=calls, limit=CALL_LIMIT))
        if problem is not None:
            raise problem


def test_restores_weights_bitwise(find_jumps, rng):
    """After every search w holds exactly the bytes it held before."""
    searches = _searches(find_jumps, rng)
    for _, original, after, _ in searches:
        if after is not None:
            expect_unchanged(original, after)
    if all(after is None for _, _, after, _ in searches):
        raise searches[0][3]


def test_restores_weights_when_predict_raises(find_jumps, rng):
    """When predict raises (on the first call or mid-search), the exception propagates and w is restored bit for bit."""
    lo, hi = _interval(rng)
    t_star = _inside(rng, lo, hi)
    net, w, x, index = _case(rng, "step", 1.0, -t_star, 0.5)
    w[index] = float(rng.standard_normal())
    # Locating a jump to 1e-9 in an interval of width >= 1 takes more than 29 calls in any
    # correct search, so call 10..24 always comes while w[index] holds a trial value.
    for failing_call in (1, int(rng.integers(10, 25))):
        outcome = find_jumps.with_timeout(TIMEOUT)(
            Recorder(net.predict, fail_on_call=failing_call), w, x, index, lo, hi)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("{fn} did not let predict's exception propagate.", fn="find_jumps"))
        expect_unchanged(w, outcome.after[1])


def test_rejects_invalid_arguments(find_jumps, rng):
    """lo >= hi, xtol <= 0 or min_jump <= 0 raise ValueError and leave w unchanged."""
    # y is constant on (-1, 1) (the step lies at t = 5), so even a search that never
    # validates its arguments returns quickly.
    net, w, x, index = _case(rng, "step", 1.0, -5.0, 0.5)
    bad = [((1.0, 1.0), {}, msg("for lo == hi")),
           ((1.0, -1.0), {}, msg("for lo > hi")),
           ((-1.0, 1.0), {"xtol": 0.0}, msg("for {name} = 0", name="xtol")),
           ((-1.0, 1.0), {"xtol": -1e-9}, msg("for a negative {name}", name="xtol")),
           ((-1.0, 1.0), {"min_jump": 0.0}, msg("for {name} = 0", name="min_jump")),
           ((-1.0, 1.0), {"min_jump": -1e-3}, msg("for a negative {name}", name="min_jump"))]
    for (lo, hi), kwargs, why in bad:
        outcome = find_jumps.with_timeout(TIMEOUT)(net.predict, w, x, index, lo, hi, **kwargs)
        expect_raises(outcome, ValueError, "find_jumps", why)
        expect_unchanged(w, outcome.after[1])


def test_out_of_range_index_raises_index_error(find_jumps, rng):
    """An index past either end of w raises IndexError and leaves w unchanged."""
    net, w, x, index = _case(rng, "step", 1.0, -5.0, 0.5)
    for index, why in ((w.size, msg("for index {name}", name="len(w)")),
                       (-w.size - 1, msg("for index {name}", name="-len(w)-1"))):
        outcome = find_jumps.with_timeout(TIMEOUT)(net.predict, w, x, index, -1.0, 1.0)
        expect_raises(outcome, IndexError, "find_jumps", why)
        expect_unchanged(w, outcome.after[1])
