"""What the hidden tests of every question share: property checks that turn a candidate's
plain-data answer into feedback sentences, seeded models and data, the fixtures (a seeded
generator per test, the candidate's functions), and the 30M-weight scale problem.

Every check raises ``PropertyFailed`` with one or two plain sentences saying what was
checked and what differed; it never quotes hidden inputs or reference values. The runner
loads this module as a pytest plugin, so its fixtures reach every question's tests.
"""

import os
import time
import zlib

import numpy as np
import pytest

from gdgrade.gdkit.models import MLP, repeats_block as _repeats_block, scale_parts as _scale_parts
from gdgrade.gdkit.models import scale_weight_parts as _scale_weight_parts
from gdgrade.i18n import N_, msg
from gdgrade.proxy import sealed_array

THE_RESULT = msg("the result")      # what a check names when the test names nothing more precise


# -- checks ----------------------------------------------------------------------------

class PropertyFailed(AssertionError):
    """A property of the contract does not hold; the message is the feedback."""


def expect(condition, message):
    if not condition:
        raise PropertyFailed(message)


def reference_cpu_seconds(fn, *args):
    """(value, CPU time) of one call of a reference function here (this thread only), the
    yardstick of speed checks: like the candidate's (candidate_cpu_seconds), the time does
    not grow while other processes hold the cores."""
    start = time.thread_time()
    value = fn(*args)
    return value, time.thread_time() - start


def candidate_cpu_seconds(outcome):
    """The worker's CPU time for a call made with CandidateFunction.timed."""
    seconds = outcome.stats.get("cpu_seconds")
    if seconds is None:
        raise RuntimeError("the kernel did not tell the worker's CPU time")
    return seconds


def returned(outcome, fn_name):
    """The returned value; fails if the call raised instead."""
    if outcome.raised is not None:
        said = outcome.raised.message[:200]
        if said:
            raise PropertyFailed(msg("{fn} raised {exc} on a valid input: {said}", fn=fn_name,
                                     exc=outcome.raised.type, said=said))
        raise PropertyFailed(msg("{fn} raised {exc} on a valid input", fn=fn_name, exc=outcome.raised.type))
    return outcome.value


def expect_raises(outcome, exc_class, fn_name, why):
    """The call must raise exc_class (or a subclass); `why` names the bad input."""
    if outcome.raised is None:
        raise PropertyFailed(msg("{fn} returned normally {why}; expected {exc}.", fn=fn_name, why=why,
                                 exc=exc_class.__name__))
    if not outcome.raised.is_a(exc_class):
        raise PropertyFailed(msg("{fn} raised {got} {why}; expected {exc}.", fn=fn_name, got=outcome.raised.type,
                                 why=why, exc=exc_class.__name__))


def _type_name(value):
    return getattr(value, "type_name", None) or type(value).__name__


def as_float_array(value, what=THE_RESULT, kinds="f"):
    """A plain ndarray of a floating dtype (or integer/bool where `kinds` allows)."""
    if type(value) is not np.ndarray:
        raise PropertyFailed(msg("{what} is a {type}; expected a numpy.ndarray.", what=what, type=_type_name(value)))
    if value.dtype.kind not in kinds:
        wanted = (N_("{what} has dtype {dtype}; expected a floating dtype.") if kinds == "f"
                  else N_("{what} has dtype {dtype}; expected a numeric dtype."))
        raise PropertyFailed(msg(wanted, what=what, dtype=str(value.dtype)))
    return value


def as_index_array(value, what=THE_RESULT):
    if type(value) is not np.ndarray:
        raise PropertyFailed(msg("{what} is a {type}; expected a numpy.ndarray of indices.", what=what,
                                 type=_type_name(value)))
    if value.dtype.kind not in "iu":
        raise PropertyFailed(msg("{what} has dtype {dtype}; expected an integer dtype.", what=what,
                                 dtype=str(value.dtype)))
    return value


def as_float(value, what=THE_RESULT):
    """A Python float or NumPy floating scalar (a 0-d value), as a Python float."""
    if type(value) is float:
        return value
    if isinstance(value, np.generic) and value.dtype.kind == "f":
        return float(value)
    raise PropertyFailed(msg("{what} is a {type}; expected a float.", what=what, type=_type_name(value)))


def as_bool(value, what=THE_RESULT):
    if type(value) is bool:
        return value
    if isinstance(value, np.generic) and value.dtype.kind == "b":
        return bool(value)
    raise PropertyFailed(msg("{what} is a {type}; expected a bool.", what=what, type=_type_name(value)))


def expect_shape(arr, shape, what=THE_RESULT):
    if arr.shape != tuple(shape):
        raise PropertyFailed(msg("{what} has shape {got}, expected {wanted}.", what=what, got=str(arr.shape),
                                 wanted=str(tuple(shape))))


def expect_close(actual, expected, what=THE_RESULT, rtol=1e-7, atol=1e-12):
    """Same shape and values within tolerance (both plain arrays or floats)."""
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(actual, np.ndarray):
        expect_shape(actual, expected.shape, what)
    actual = np.asarray(actual, dtype=np.float64)
    if not np.all(np.isfinite(actual) == np.isfinite(expected)):
        raise PropertyFailed(msg("{what} has non-finite entries where finite ones were expected.", what=what))
    ok = np.isclose(actual, expected, rtol=rtol, atol=atol)
    if not np.all(ok):
        bad = int(np.size(ok) - np.count_nonzero(ok))
        raise PropertyFailed(msg("{what} differs from the expected value in {bad} of {size} entries "
                                 "(beyond relative tolerance {rtol:g}).", what=what, bad=bad,
                                 size=int(np.size(ok)), rtol=rtol))


def expect_unchanged(original, after, name="w"):
    """The array `after` holds exactly the bytes of `original`."""
    if type(after) is not np.ndarray or after.shape != original.shape or after.dtype != original.dtype:
        raise PropertyFailed(msg("{name} was modified: it has a different shape or dtype after the call.",
                                 name=name))
    per_entry = (np.ascontiguousarray(after).view(np.uint8).reshape(after.size, -1)
                 != np.ascontiguousarray(original).view(np.uint8).reshape(original.size, -1))
    count = int(np.count_nonzero(per_entry.any(axis=1)))
    if count:
        said = (N_("{name} was modified: {count} entries differ from the original value after the call.")
                if count > 1 else N_("{name} was modified: {count} entry differs from the original value after the call."))
        raise PropertyFailed(msg(said, name=name, count=count))


class Recorder:
    """Wraps a pure function, counting calls and keeping a copy of each call's arguments."""

    def __init__(self, fn, fail_on_call=None):
        self.fn = fn
        self.calls = []
        self.fail_on_call = fail_on_call

    def __call__(self, *args):
        self.calls.append(tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a
                                for a in args))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("model failure injected by the grader")
        return self.fn(*args)

    @property
    def count(self):
        return len(self.calls)


def expect_calls(recorder, expected, fn_name, what="predict"):
    n = recorder.count
    said = (N_("{fn} called {what} {n} times; the contract allows exactly {allowed}.") if n != 1
            else N_("{fn} called {what} {n} time; the contract allows exactly {allowed}."))
    expect(n == expected, msg(said, fn=fn_name, what=what, n=n, allowed=expected))


def expect_scale_stats(stats, fn_name, calls):
    """Call count, w unchanged and extra memory below 1% of w, as measured on the large model."""
    expect(stats["calls"] == calls, msg("{fn} called predict {n} times on the large model; the contract "
                                        "allows exactly {allowed}.", fn=fn_name, n=stats["calls"], allowed=calls))
    expect(stats["w_unchanged"], msg("w was modified: the large model's weights differ after the call."))
    limit = stats["w_nbytes"] // 100
    expect(stats["extra_bytes"] <= limit,
           msg("{fn} allocated {mib:.1f} MiB beyond what predict needs on a model with {w_mib:.0f} MiB of "
               "weights (the limit is 1%): it copies w.", fn=fn_name, mib=stats["extra_bytes"] / 2**20,
               w_mib=stats["w_nbytes"] / 2**20))


# -- models and data ---------------------------------------------------------------------

CONTINUOUS = ("tanh", "sigmoid", "relu", "leaky_relu")


def random_mlp(rng, activation="tanh", outputs=1, dtype=np.float64, inputs=None, hidden=None,
               n=None):
    """(net, w, X) for a random one- or two-hidden-layer MLP and random data."""
    inputs = inputs or int(rng.integers(2, 6))
    hidden = hidden or tuple(int(h) for h in rng.integers(3, 9, size=int(rng.integers(1, 3))))
    n = n or int(rng.integers(3, 9))
    net = MLP([inputs, *hidden, outputs], activation)
    w = net.init(rng, dtype=dtype)
    X = rng.standard_normal((n, inputs)).astype(dtype)
    return net, w, X


def unstable_index(rng, w, eps):
    """Set one weight to a value for which (w + eps) - eps != w, and return its index."""
    i = int(rng.integers(0, w.size))
    step = w.dtype.type(eps)
    for _ in range(10_000):
        # Round-trip errors show up when the weight is small next to eps.
        v = w.dtype.type(rng.uniform(-1, 1) * eps)
        if (v + step) - step != v:
            w[i] = v
            return i
    raise RuntimeError("no unstable weight found")


def perturbed(w, i, delta):
    """Both correct ways of storing w[i] + delta in w's dtype (they differ by <= 1 ulp)."""
    a = w.copy()
    a[i] = w[i] + w.dtype.type(delta)          # delta rounded to w's dtype first
    b = w.copy()
    b[i] = w.dtype.type(np.float64(w[i]) + np.float64(delta))   # exact sum rounded once
    return a, b


# -- fixtures ------------------------------------------------------------------------------

def _plugin(request):
    return request.config.gdgrade


@pytest.fixture
def rng(request):
    """A generator seeded by the run's --seed and the test's name: same inputs every run."""
    seed = _plugin(request).seed
    # The key is the test's id from before questions had folders ("test_q01_perturb.py::name"),
    # so every hidden input, and so every score and sentence, stayed as it was.
    key = f"test_{request.node.path.parent.name}.py::{request.node.name}"
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def candidate(name):
    """A fixture giving the submission's function `name` (a gdgrade.proxy.CandidateFunction).

    A test scores the one challenge function whose fixture it uses."""

    @pytest.fixture(name=name)
    def _fixture(request):
        function = _plugin(request).function(request.node.path.parent.name, name)
        function.fail_if_known_stub()   # before the test builds inputs (the 30M-weight model...)
        return function

    return _fixture


class ScaleProblem:
    """The 30,000,000-weight float32 model of Q1 and Q3, unpacking as (net, w, X, Y), for
    CandidateFunction.at_scale; read-only here.

    w lives in a memory file that at_scale hands to the worker as it is, instead of a copy
    per call: building 114 MiB of fresh pages costs more than the rest of such a test. The
    file is the worker's to write into (the check is that it does not), so once a worker
    has had it, it is compared with the block it repeats before every call and after it
    (`unchanged`), and built anew whenever it differs; a file no worker has had yet is as
    it was built. It is one grading process's: a process forked from this one builds its
    own (questions graded at the same time share nothing)."""

    def __init__(self, seed):
        self.net, self.block, self.X, self.Y = _scale_parts(seed)
        for arr in (self.block, self.X, self.Y):
            arr.flags.writeable = False
        self.pid = os.getpid()
        self.fd = self.w = None
        self.lent = False   # whether a worker has had the file since it was built

    def __iter__(self):
        self.build()
        return iter((self.net, self.w, self.X, self.Y))

    def unchanged(self):
        """Whether the file holds exactly the weights it was built with."""
        return self.w is not None and _repeats_block(self.w, self.block)

    def build(self):
        """Build the file unless it is built; nothing is checked (see weights_file)."""
        if self.w is None:
            self.fd, self.w = sealed_array(np.float32, (self.net.n_params,),
                                           _scale_weight_parts(self.block, self.net.n_params))
            self.lent = False

    def weights_file(self):
        """The descriptor of a memory file holding exactly w, sealed against resizing, for a
        worker; None where files cannot be sealed (then w is a plain array, and at_scale
        shares a copy per call). A file a worker has had is checked first (a worker may write
        into it until it is dead): 19 ms that the first call after a build does without."""
        if self.lent and self.fd is not None and not self.unchanged():
            self.close()
        self.build()
        self.lent = True
        return self.fd

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
        self.fd = self.w = None


_SCALE = {}


def scale_problem(seed):
    """The ScaleProblem of `seed`, built once per grading process (see ScaleProblem)."""
    problem = _SCALE.get(seed)
    if problem is None or problem.pid != os.getpid():
        # One at a time; a problem of the process this one was forked from is closed here
        # (this process's copy of its descriptor), never used.
        for other in _SCALE.values():
            other.close()
        _SCALE.clear()
        problem = _SCALE[seed] = ScaleProblem(seed)
    return problem
