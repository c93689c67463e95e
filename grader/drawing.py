"""Draw a solved question's figures with the submission's own functions, in its worker.

The runner calls ``drawn_by`` after a question's last hidden test, while its worker is
alive: the question's ``experiment(impl)`` (gdgrade.figures) runs here with ``impl`` a
``Submitted``, so each call of one of its functions goes to the worker exactly as a
hidden test's does (gdgrade.proxy: same limits, same time pool), and only plain data
comes back. What comes out is plain data too, the figures in every language, or, where
the submission's functions failed on the figure's input or gave what its pictures could
not truly show, the reason, and the report draws the reference's instead.
"""

import math
from functools import lru_cache

import numpy as np

from gdgrade.figures import REFERENCE, SUBMISSION, experiment
from gdgrade.i18n import LANGUAGES, msg, parts_of, translator
from gdgrade.proxy import CandidateFunction, RemoteCallable, SubmissionProblem


class Misdrawn(Exception):
    """A submission's function gave nothing a figure can use; the message (a gdgrade.i18n Msg) says why."""


class Submitted:
    """A question's functions as the submission computes them, for an experiment.

    `impl.name(*args)` calls the submission's `name` in the question's worker (a
    gdgrade.proxy.CandidateFunction: the hidden tests' limits, the question's time pool)
    and gives its value; a function it returned comes back as a callable that evaluates
    in the worker too (with `many(points)` for one batched call). An exception, a time
    limit or a broken worker raises Misdrawn. `used`: the functions called, in order."""

    def __init__(self, session):
        self._session = session
        self.used = []

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            if name not in self.used:
                self.used.append(name)
            try:
                outcome = CandidateFunction(self._session, name)(*args, **kwargs)
            except SubmissionProblem as exc:
                raise Misdrawn(exc.args[0]) from None
            if outcome.raised is not None:
                raise Misdrawn(msg("{fn} raised {error} on the figure's input.", fn=name, error=outcome.raised.type))
            return _local(outcome.value, name)
        return call


def _local(value, fn_name):
    if isinstance(value, RemoteCallable):
        return _Returned(value, fn_name)
    if isinstance(value, (tuple, list)):
        return type(value)(_local(v, fn_name) for v in value)
    return value


class _Returned:
    """A function the submission returned, evaluated in its worker."""

    def __init__(self, remote, fn_name):
        self.remote, self.fn_name = remote, fn_name

    def many(self, points):
        """Its values at each of `points` (one argument each), in one call to the worker."""
        try:
            outcomes = self.remote.evaluate([(p,) for p in points])
        except SubmissionProblem as exc:
            raise Misdrawn(exc.args[0]) from None
        for o in outcomes:
            if o.raised is not None:
                raise Misdrawn(msg("The function returned by {fn} raised {error} on the figure's input.",
                                   fn=self.fn_name, error=o.raised.type))
        return [o.value for o in outcomes]

    def __call__(self, point):
        return self.many([point])[0]


def drawn_by(question, session):
    """The figures of `question` drawn with the submission's functions in `session` (its worker),
    as plain data: {"by": SUBMISSION, "functions": [names], "figures": {lang: [figure data]}},
    or {"by": REFERENCE, "why": message parts} where the submission's functions failed on the
    figure's input or gave numbers it cannot draw. None for a question without figures or
    without agrees() (the reference draws them)."""
    module = experiment(question)
    if module is None or not hasattr(module, "agrees"):   # without agrees() nobody vouches for its pictures
        return None
    impl = Submitted(session)
    try:
        e = module.experiment(impl)
        drawn = {lang: [fig.data() for fig in module.figures(translator(lang, question.folder), e)]
                 for lang in LANGUAGES}
    except Misdrawn as exc:
        return {"by": REFERENCE, "why": parts_of(exc.args[0])}
    except Exception as exc:  # noqa: BLE001 - any answer the experiment cannot use: the reference draws it
        return {"by": REFERENCE, "why": parts_of(msg(
            "The figure's experiment could not use what {functions} returned on its input ({error}).",
            functions=", ".join(impl.used), error=type(exc).__name__))}
    # A NaN or an infinity where the reference's experiment has none would reach a caption as "nan".
    if _not_finite(drawn) or _not_finite(e) - _not_finite(_reference(module)):
        return {"by": REFERENCE, "why": parts_of(msg(
            "What {functions} returned on the figure's input is not all finite numbers.",
            functions=", ".join(impl.used)))}
    if not module.agrees(e, _reference(module)):
        return {"by": REFERENCE, "why": parts_of(msg(
            "On the figure's input {functions} returned what the contract does not allow there, so its "
            "picture would not be true.", functions=", ".join(impl.used)))}
    return {"by": SUBMISSION, "functions": impl.used, "figures": drawn}


@lru_cache(maxsize=None)
def _reference(module):
    return module.experiment()


_SCALARS = frozenset((float, int, bool, str, type(None)))   # what a figure's data holds besides lists and dicts


def _not_finite(data, path=()):
    """The paths (keys and indices) in an experiment's result, or in figure data, to numbers that are
    NaN or infinite."""
    if type(data) is float:   # most of a figure's data (a heatmap's: 20,000 numbers, 40 ms through NumPy)
        return set() if math.isfinite(data) else {path}
    if isinstance(data, dict):
        return {p for k, v in data.items() for p in _not_finite(v, (*path, k))}
    if isinstance(data, (list, tuple)):
        if all(type(v) in _SCALARS for v in data):
            return {(*path, k) for k, v in enumerate(data) if type(v) is float and not math.isfinite(v)}
        return {p for k, v in enumerate(data) for p in _not_finite(v, (*path, k))}
    if isinstance(data, (float, np.floating)) or (isinstance(data, np.ndarray) and data.dtype.kind in "fc"):
        return set() if np.all(np.isfinite(data)) else {path}
    return set()
