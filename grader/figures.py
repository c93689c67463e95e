"""The report's pictures: each question's experiment, from its folder's figures.py.

A question's ``figures(_)`` runs the reference implementations on gdkit models with
fixed seeds (never a submission's code or results) and returns gdgrade.plot.Figure
objects, whose data are already mapped to an SVG viewBox; ``_`` is the question's
translator (gdgrade.i18n), which its titles, captions, legends and axis labels go
through. All ten together take about 70 ms: grids stay small, and the sweeps that would cost thousands of model
calls (Q2, Q4/Q5) use one batched pass that the tests check against the model and
the reference.
"""

import importlib.util
from functools import lru_cache

from gdgrade.i18n import DEFAULT_LANGUAGE, translator


def experiment(question):
    """The module of `question`'s figures.py (None without one), loaded once."""
    path = question.folder / "figures.py"
    return _load(path, question.module) if path.is_file() else None


@lru_cache(maxsize=None)
def _load(path, module):
    spec = importlib.util.spec_from_file_location(f"gdgrade.pack.{module}.figures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures_for(question, lang=DEFAULT_LANGUAGE):
    """The figures of `question` in `lang` as plain data (an empty list for a question without figures)."""
    module = experiment(question)
    if module is None:
        return []
    return [fig.data() for fig in module.figures(translator(lang, question.folder))]
