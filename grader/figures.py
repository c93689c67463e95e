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
All ten reference experiments together take about 70 ms (0.1-0.2 s in a fresh process):
grids stay small, and the sweeps that would cost thousands of model calls (Q2, Q4/Q5) use
one batched pass that the tests check against the model and the reference. The
reference's figures are also kept, as Python keeps bytecode (``figures_for``).

Data flows one way: the runner draws a solved question's figures with the submission's
functions while its worker is alive (gdgrade.drawing) and hands them on as plain data in
both languages; the report shows them, or the reference's (``figures_for``) with a note
saying why. This module reaches nothing of grading: the report imports it.
"""

import hashlib
import importlib.util
import json
import os
import sys
from functools import lru_cache

import numpy as np

from gdgrade.i18n import DEFAULT_LANGUAGE, translator
from gdgrade.results import write_atomically

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
    for a question without figures).

    They are kept in the question's __pycache__ folder, with a digest of everything they could
    depend on (every source file of gdgrade, NumPy's and Python's versions): drawing them costs a
    staff page of the stubs 0.1 s, reading them back 3 ms, and any edit draws them again. Where
    the folder cannot be written, they are drawn for every page; nothing fails."""
    if not (question.folder / "figures.py").is_file():
        return []
    path = question.folder / "__pycache__" / f"figures.{lang}.json"
    key = _sources_digest()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if type(kept) is dict and kept.get("key") == key and type(kept.get("figures")) is list:
            return kept["figures"]
    except (OSError, ValueError):
        pass
    # As read back from the file, so that a page is the same whether they were kept or not.
    figures = json.loads(json.dumps(reference_figures(question, lang)))
    _keep(path, json.dumps({"key": key, "figures": figures}, ensure_ascii=False))
    return figures


def reference_figures(question, lang=DEFAULT_LANGUAGE):
    """The figures of `question` in `lang`, drawn with the reference now (never kept)."""
    module = experiment(question)
    if module is None:
        return []
    return [fig.data() for fig in module.figures(translator(lang, question.folder))]


def _keep(path, text):
    """Write `text` to `path` atomically, or not at all where that is not allowed."""
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, text)
    except OSError:
        pass


@lru_cache(maxsize=1)
def _sources_digest():
    """A digest of every source file of gdgrade (the grader, its pack, gdkit, the reference; 2 ms)
    and of the Python and NumPy that run them."""
    import gdgrade
    import gdgrade.gdkit
    import gdgrade.reference
    return digest_of_sources([os.path.dirname(m.__file__) for m in (gdgrade, gdgrade.gdkit, gdgrade.reference)])


def digest_of_sources(roots):
    """A digest of the .py, .po and .yaml files under the folders `roots` (compiled forms left out),
    and of the Python and NumPy running."""
    digest = hashlib.sha256(f"{sys.version}\n{np.__version__}\n".encode())
    for root in sorted(set(roots)):
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".po", ".yaml")):
                    path = os.path.join(folder, name)
                    with open(path, "rb") as fh:
                        content = fh.read()
                    digest.update(f"{os.path.relpath(path, os.path.dirname(root))}\0{len(content)}\0".encode())
                    digest.update(content)
    return digest.hexdigest()
