"""Submissions that compute nothing earn nothing (GRADER.md § Scoring).

Two families, each graded on the whole pack; every function must score 0:
- generated: each reference function wrapped so that it still checks its arguments,
  calls the passed-in callables as the budget says, restores w and raises the
  contract's errors, and then answers junk: constants of the right type and shape
  (zeros, ones, other constants), an echo of an input, seeded random values, or its
  first answer replayed for every later input (tests/junk_runtime.py);
- written by hand from CHALLENGES.md alone (tests/submissions/junk/*/).
"""

import pytest

from conftest import REFERENCE, SUBMISSIONS, function_scores
from gdgrade.pack import load_pack

PACK = load_pack()
RUNTIME = (SUBMISSIONS.parent / "junk_runtime.py").read_text()
FAMILIES = ("zeros", "ones", "others", "echo", "random", "replay")
HAND_WRITTEN = sorted(p for p in (SUBMISSIONS / "junk").iterdir() if p.is_dir())

# What each function answers, for the junk to have the right type and shape; index
# functions also say how many indices there are (from their arguments).
KINDS = {
    "perturb_and_measure": ("array",), "partial_derivative": ("array",), "find_jumps": ("points",),
    "loss_change": ("array_and_float",), "linearized_loss_change": ("float",),
    "loss_surface": ("array",), "convexity_map": ("mask",),
    "is_monotone_transform": ("bool",), "flat_fraction": ("float",),
    "joint_step_decreases": ("bool",), "step_interaction": ("float",), "joint_step_counterexample": ("pair",),
    "conflicting_examples": ("indices", "lambda a: a[0].shape[0]"), "per_example_loss_changes": ("array",),
    "classify_critical_point": ("label",), "escape_direction": ("escape",),
    "dead_relu_units": ("indices", "lambda a: a[0].shape[1]"),
    "revived_coordinates": ("indices", "lambda a: a[1].size"),
    "max_stable_lr": ("float",), "sgd_stationary_loss": ("float",), "best_achievable_mse": ("float",),
}
# Without inputs, the first answer is the only answer: replaying it is correct.
NO_INPUTS = {"joint_step_counterexample"}


def junk_submission(folder, family):
    folder.mkdir(parents=True)
    for q in PACK.questions:
        lines = [f"\n\n# --- appended: junk family {family!r} ---\n", RUNTIME]
        for f in q.functions:
            if family == "replay" and f.name in NO_INPUTS:
                continue
            kind, *bound = KINDS[f.name]
            lines.append(f"{f.name} = _junk({f.name}, {family!r}, {kind!r}{', ' + bound[0] if bound else ''})\n")
        (folder / q.filename).write_text((REFERENCE / q.filename).read_text() + "".join(lines))
    return folder


def _earned(results, family=None):
    """{(question, function): (score, value checks passed)} for every junk function that earned anything."""
    return {(q.id, f.name): (f.score, [t.name for t in results.tests
                                       if t.function == f.name and t.kind == "value" and t.passed])
            for q in results.questions for f in q.functions
            if f.score and not (family == "replay" and f.name in NO_INPUTS)}


def test_kinds_cover_every_function():
    assert sorted(KINDS) == sorted(f.name for q in PACK.questions for f in q.functions)


@pytest.mark.parametrize("family", FAMILIES)
def test_generated_junk_earns_nothing(family, tmp_path, grade_folder):
    results = grade_folder(junk_submission(tmp_path / family, family))
    assert _earned(results, family) == {}
    assert not [t.internal_error for t in results.tests if t.internal_error]


@pytest.mark.parametrize("folder", HAND_WRITTEN, ids=lambda p: p.name)
def test_hand_written_junk_earns_nothing(folder, grade_folder):
    results = grade_folder(folder)
    assert _earned(results) == {}
    assert len(function_scores(results)) == sum(len(q.functions) for q in PACK.questions)
