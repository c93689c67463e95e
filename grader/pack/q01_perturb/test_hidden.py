"""Hidden properties of Q1: perturb_and_measure and partial_derivative."""

import numpy as np

from gdgrade.pack.shared import (CONTINUOUS, Recorder, as_float_array, candidate, expect, expect_calls,
                                 expect_close, expect_raises, expect_scale_stats, expect_unchanged, perturbed,
                                 random_mlp, returned, scale_problem, unstable_index)
from gdgrade.gdkit.models import SCALE_EXAMPLES
from gdgrade.i18n import msg
from gdgrade.reference import q01_perturb as ref

perturb_and_measure = candidate("perturb_and_measure")
partial_derivative = candidate("partial_derivative")

SCALE_SEED = 30_000_000


def warm_up():
    """Build the 30M-weight model's memory file (0.04 s) while this question's first worker
    starts (gdgrade.runner); nothing of the candidate is involved."""
    scale_problem(SCALE_SEED).build()


def _evaluation_points_ok(rec, w, i, deltas):
    """The calls were made at w + delta*e_i for each delta (any order, either rounding)."""
    wanted = []
    for d in deltas:
        wanted.append([w] if d == 0 else list(perturbed(w, i, d)))
    used = [c[0] for c in rec.calls]
    for options in wanted:
        match = [k for k, u in enumerate(used)
                 if any(u.dtype == o.dtype and u.tobytes() == o.tobytes() for o in options)]
        if not match:
            return False
        used.pop(match[0])
    return True


def _check_value(fn_name, rec, out, net, w, X, i, deltas, combine, rtol):
    expect(_evaluation_points_ok(rec, w, i, deltas),
           msg("{fn} did not evaluate predict at the expected weight vectors: only weight "
               "`index` may differ from w, by exactly the step, computed from the original value.", fn=fn_name))
    by_point = [net.predict(c[0], X) for c in rec.calls]
    # Match each call to its delta to recombine exactly what the candidate saw.
    ordered = []
    for d in deltas:
        opts = [w] if d == 0 else list(perturbed(w, i, d))
        k = next(k for k, c in enumerate(rec.calls) if any(c[0].tobytes() == o.tobytes() for o in opts))
        ordered.append(by_point[k])
    expect_close(out, combine(*ordered), rtol=rtol, atol=rtol * 1e-3)


def _zero_feature_case(rng, activation, outputs):
    """(net, w, X, i): weight i multiplies input feature f, and X[:, f] == 0, so moving it
    changes no prediction at all (the change and the derivative are exactly 0)."""
    net, w, X = random_mlp(rng, activation, outputs)
    f = int(rng.integers(0, X.shape[1]))
    X[:, f] = 0.0
    return net, w, X, net.weight_index(0, f, int(rng.integers(0, net.sizes[1])))


def _random_mlp_cases(rng, outputs):
    """(net, w, X, i) for each continuous activation and output width, random i, plus one
    weight on a zero input feature (exactly no change)."""
    for activation in CONTINUOUS:
        for k in outputs:
            net, w, X = random_mlp(rng, activation, k)
            yield net, w, X, int(rng.integers(0, w.size))
    yield _zero_feature_case(rng, "tanh", outputs[-1])


def test_matches_measured_change_on_random_mlps(perturb_and_measure, rng):
    """Returns predict(w', X) - predict(w, X) for random MLPs (all continuous activations, 1-D and 2-D outputs), also exactly 0 for a weight on an input feature that is 0."""
    for net, w, X, i in _random_mlp_cases(rng, (1, 3)):
        rec = Recorder(net.predict)
        out = as_float_array(returned(perturb_and_measure(rec, w, X, i, 1e-4), "perturb_and_measure"))
        expect_close(out, ref.perturb_and_measure(net.predict, w.copy(), X, i, 1e-4), rtol=1e-6, atol=1e-12)
        _check_value("perturb_and_measure", rec, out, net, w, X, i, (1e-4, 0), lambda a, b: a - b, 1e-9)


def test_float32_weights_accept_either_rounding(perturb_and_measure, rng):
    """With float32 w, w[i] + eps stored in float32 (either correct rounding) gives the change."""
    for activation in ("tanh", "relu"):
        net, w, X = random_mlp(rng, activation, 2, dtype=np.float32)
        i = int(rng.integers(0, w.size))
        rec = Recorder(net.predict)
        out = as_float_array(returned(perturb_and_measure(rec, w, X, i, 1e-3), "perturb_and_measure"))
        _check_value("perturb_and_measure", rec, out, net, w, X, i, (1e-3, 0), lambda a, b: a - b, 1e-5)


def test_calls_predict_exactly_twice(perturb_and_measure, rng):
    """Calls predict exactly twice."""
    net, w, X = random_mlp(rng)
    rec = Recorder(net.predict)
    returned(perturb_and_measure(rec, w, X, 0, 1e-4), "perturb_and_measure")
    expect_calls(rec, 2, "perturb_and_measure")


def test_restores_weights_bitwise(perturb_and_measure, rng):
    """Leaves w bit for bit as it was, also for weights where (w + eps) - eps != w."""
    for dtype in (np.float64, np.float32):
        net, w, X = random_mlp(rng, dtype=dtype)
        i = unstable_index(rng, w, 1e-4)
        outcome = perturb_and_measure(net.predict, w, X, i, 1e-4)
        returned(outcome, "perturb_and_measure")
        expect_unchanged(w, outcome.after[1])


def test_restores_weights_when_predict_raises(perturb_and_measure, rng):
    """When predict raises, the exception propagates and w is restored bit for bit."""
    for failing_call in (1, 2):
        net, w, X = random_mlp(rng)
        i = unstable_index(rng, w, 1e-4)
        outcome = perturb_and_measure(Recorder(net.predict, fail_on_call=failing_call), w, X, i, 1e-4)
        expect(outcome.raised is not None and outcome.raised.is_a(RuntimeError),
               msg("{fn} did not let predict's exception propagate.", fn="perturb_and_measure"))
        expect_unchanged(w, outcome.after[1])


def _valid_indices(rng, w):
    """(index passed, weight it names): -len(w) (weight 0) and len(w) - 1, each as a Python int
    and as a numpy.int64, a random negative numpy.int64 and a random non-negative int."""
    n = w.size
    k = int(rng.integers(1, n))
    j = int(rng.integers(0, n - 1))
    return [(-n, 0), (np.int64(-n), 0), (n - 1, n - 1), (np.int64(n - 1), n - 1),
            (np.int64(-k), n - k), (j, j)]


def _out_of_range_indices(w):
    """(index, how the feedback names it) just past either end, as int and numpy.int64."""
    n = w.size
    return [(n, "len(w)"), (-n - 1, "-len(w)-1"),
            (np.int64(n), msg("{index} as a numpy.int64", index="len(w)")),
            (np.int64(-n - 1), msg("{index} as a numpy.int64", index="-len(w)-1"))]


def test_valid_indices_follow_numpy_rules(perturb_and_measure, rng):
    """Every valid index names the weight NumPy indexing names: -len(w) is weight 0, negatives count from the end, up to len(w) - 1; as int or numpy.int64."""
    net, w, X = random_mlp(rng, outputs=2)
    for index, i in _valid_indices(rng, w):
        rec = Recorder(net.predict)
        out = as_float_array(returned(perturb_and_measure(rec, w, X, index, 1e-4), "perturb_and_measure"))
        _check_value("perturb_and_measure", rec, out, net, w, X, i, (1e-4, 0), lambda a, b: a - b, 1e-9)


def test_out_of_range_index_raises_index_error(perturb_and_measure, rng):
    """An index past either end (len(w) or -len(w)-1, as int or numpy.int64) raises IndexError and leaves w unchanged."""
    net, w, X = random_mlp(rng)
    for index, name in _out_of_range_indices(w):
        outcome = perturb_and_measure(net.predict, w, X, index, 1e-4)
        expect_raises(outcome, IndexError, "perturb_and_measure", msg("for index {name}", name=name))
        expect_unchanged(w, outcome.after[1])


def test_no_copy_of_30m_weights(perturb_and_measure):
    """On a 30,000,000-weight float32 model: right change, 2 calls, w unchanged, extra memory < 1% of w."""
    # The output bias moves every prediction by eps, so the expected change is known
    # without building the large model here as well.
    eps = 1e-2
    outcome = perturb_and_measure.at_scale(scale_problem(SCALE_SEED), "predict", "w", "X", -1, eps)
    out = as_float_array(returned(outcome, "perturb_and_measure"))
    expect_scale_stats(outcome.stats, "perturb_and_measure", calls=2)
    expect_close(out, np.full(SCALE_EXAMPLES, eps), rtol=1e-3, atol=0)


def _check_derivative(rec, out, net, w, X, i):
    _check_value("partial_derivative", rec, out, net, w, X, i, (1e-5, -1e-5),
                 lambda up, down: (up - down) / 2e-5, 1e-7)


def test_central_difference_on_random_mlps(partial_derivative, rng):
    """Returns (predict(w+h e_i) - predict(w-h e_i)) / 2h for random MLPs, 1-D and 2-D outputs, also exactly 0 for a weight on an input feature that is 0."""
    for net, w, X, i in _random_mlp_cases(rng, (1, 2)):
        rec = Recorder(net.predict)
        out = as_float_array(returned(partial_derivative(rec, w, X, i, 1e-5), "partial_derivative"))
        expect_close(out, ref.partial_derivative(net.predict, w.copy(), X, i, 1e-5), rtol=1e-6, atol=1e-9)
        _check_derivative(rec, out, net, w, X, i)


def test_close_to_true_derivative(partial_derivative, rng):
    """Agrees with the exact derivative from backpropagation to O(h^2)."""
    for activation in ("tanh", "sigmoid"):
        net, w, X = random_mlp(rng, activation, 1)
        # A first-layer weight: its derivative differs from example to example.
        i = int(rng.integers(0, net.slices[0][0].stop))
        out = as_float_array(returned(partial_derivative(net.predict, w, X, i, 1e-4), "partial_derivative"))
        exact = np.array([net.output_gradient(w, X, k)[i] for k in range(X.shape[0])])
        expect_close(out, exact, rtol=1e-5, atol=1e-7)


def test_derivative_calls_predict_exactly_twice(partial_derivative, rng):
    """Calls predict exactly twice."""
    net, w, X = random_mlp(rng)
    rec = Recorder(net.predict)
    returned(partial_derivative(rec, w, X, 1, 1e-5), "partial_derivative")
    expect_calls(rec, 2, "partial_derivative")


def test_derivative_restores_weights_bitwise(partial_derivative, rng):
    """Leaves w bit for bit as it was, also for weights where (w + h) - h != w and when predict raises."""
    for dtype in (np.float64, np.float32):
        net, w, X = random_mlp(rng, dtype=dtype)
        i = unstable_index(rng, w, 1e-3)
        outcome = partial_derivative(net.predict, w, X, i, 1e-3)
        returned(outcome, "partial_derivative")
        expect_unchanged(w, outcome.after[1])
    for failing_call in (1, 2):
        outcome = partial_derivative(Recorder(net.predict, fail_on_call=failing_call), w, X, i, 1e-3)
        expect(outcome.raised is not None,
               msg("{fn} did not let predict's exception propagate.", fn="partial_derivative"))
        expect_unchanged(w, outcome.after[1])


def test_rejects_nonpositive_h(partial_derivative, rng):
    """h <= 0 raises ValueError."""
    net, w, X = random_mlp(rng)
    for h in (0.0, -1e-5):
        outcome = partial_derivative(net.predict, w, X, 0, h)
        expect_raises(outcome, ValueError, "partial_derivative", msg("for h = {h:g}", h=h))


def test_derivative_valid_indices_follow_numpy_rules(partial_derivative, rng):
    """Every valid index names the weight NumPy indexing names: -len(w) is weight 0, negatives count from the end, up to len(w) - 1; as int or numpy.int64."""
    net, w, X = random_mlp(rng, outputs=2)
    for index, i in _valid_indices(rng, w):
        rec = Recorder(net.predict)
        out = as_float_array(returned(partial_derivative(rec, w, X, index, 1e-5), "partial_derivative"))
        _check_derivative(rec, out, net, w, X, i)


def test_derivative_out_of_range_index_raises_index_error(partial_derivative, rng):
    """An index past either end (len(w) or -len(w)-1, as int or numpy.int64) raises IndexError and leaves w unchanged."""
    net, w, X = random_mlp(rng)
    for index, name in _out_of_range_indices(w):
        outcome = partial_derivative(net.predict, w, X, index, 1e-5)
        expect_raises(outcome, IndexError, "partial_derivative", msg("for index {name}", name=name))
        expect_unchanged(w, outcome.after[1])
