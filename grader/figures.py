"""The report's pictures: each question's experiment, from its folder's figures.py.

A question's ``experiment(impl)`` runs on gdkit models with fixed seeds and calls the
question's functions as ``impl.<name>``: by default the reference implementation, and,
for a question the submission solved, the submission's own functions (gdgrade.drawing.Submitted),
each call sent to the question's worker exactly as a hidden test's is, with the same
limits and charged to the same time pool. ``agrees(e, reference)`` says whether the
pictures of a submission's experiment would be true (what the contract fixes on the
figure's input is as in the reference's experiment; a NaN where the reference has none
never is). ``figures(_, e)`` turns an experiment's result into gdgrade.plot.Figure
objects, whose data are already mapped to an SVG viewBox; ``_`` is the question's
translator (gdgrade.i18n), which titles, captions, legends and axis labels go through.
All ten reference experiments together take about 70 ms: grids stay small, and the
sweeps that would cost thousands of model calls (Q2, Q4/Q5) use one batched pass that
the tests check against the model and the reference.

Data flows one way: the runner draws a solved question's figures with the submission's
functions while its worker is alive (gdgrade.drawing) and hands them on as plain data in
both languages; the report shows them, or the reference's (``figures_for``) with a note
saying why. This module reaches nothing of grading: the report imports it.
"""

import importlib.util
from functools import lru_cache

from gdgrade.i18n import DEFAULT_LANGUAGE, translator

SUBMISSION, REFERENCE = "submission", "reference"   # who computed a question's figures


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
    """The figures of `question` in `lang`, drawn with the reference, as plain data (an empty list
    for a question without figures)."""
    module = experiment(question)
    if module is None:
        return []
    return [fig.data() for fig in module.figures(translator(lang, question.folder))]
