"""Every hidden property bites: wrong submissions lose points exactly where they should,
correct ones (the reference and independently written variants) get full marks."""

import pytest

from conftest import (CHALLENGES, VARIANT, WRONG, breaks, function_scores, mutant_submission,
                      reference_submission, untranslated_feedback)
from gdgrade.pack import load_pack

PACK = load_pack()

MUTANTS = sorted(WRONG.glob("q*.py"))
# A variant is a folder of whole modules, or one file that redefines functions of a
# reference module (appended to it, like a mutant without BREAKS).
VARIANTS = sorted(p for p in VARIANT.iterdir() if p.is_dir() or p.suffix == ".py")

# Filled as the tests below run: every hidden test (question, function, name) the
# reference was graded on, and, per mutant, the hidden tests it failed.
_HIDDEN_TESTS = set()
_FAILED_BY = {}


def test_reference_gets_full_marks(tmp_path, grade_folder):
    results = grade_folder(reference_submission(tmp_path / "sub"))
    _HIDDEN_TESTS.update((t.question, t.function, t.name) for t in results.tests)
    failed = [(t.question, t.function, t.name, t.feedback, t.internal_error)
              for t in results.tests if not t.passed]
    assert failed == []
    assert results.score == results.max_score == PACK.points


def test_stubs_score_zero_with_not_implemented_feedback(grade_folder):
    results = grade_folder(CHALLENGES)
    assert results.score == 0
    for t in results.tests:
        assert "not implemented" in t.feedback, (t.name, t.feedback)
    assert untranslated_feedback(results) == []


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda p: p.stem)
def test_wrong_submission_loses_points_on_its_function_only(mutant, tmp_path, grade_folder):
    qid, broken = mutant.name[:3], breaks(mutant)
    results = grade_folder(mutant_submission(tmp_path / "sub", mutant), questions=[qid])
    _FAILED_BY[mutant.stem] = {(t.question, t.function, t.name) for t in results.tests if not t.passed}
    scores = function_scores(results)
    assert (qid, broken) in scores, f"{broken} is not a function of {qid}"
    got, most = scores[(qid, broken)]
    assert got < most, f"{mutant.name} kept all {most} points of {broken}"
    others = {k: v for k, v in scores.items() if k != (qid, broken) and v[0] != v[1]}
    assert others == {}, f"{mutant.name} also lost points on {others}"
    for t in results.tests:
        assert not t.internal_error, (t.name, t.internal_error)
    # Every sentence it got can be said in Korean too (the report's and check's --lang ko).
    assert untranslated_feedback(results) == []


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda p: p.stem)
def test_correct_but_different_submission_gets_full_marks(variant, tmp_path, grade_folder):
    if variant.is_dir():
        questions = sorted({p.name[:3] for p in variant.glob("q*.py")})
        folder = variant
    else:
        questions = [variant.name[:3]]
        folder = mutant_submission(tmp_path / "sub", variant)
    results = grade_folder(folder, questions=questions)
    failed = [(t.function, t.name, t.feedback, t.internal_error) for t in results.tests if not t.passed]
    assert failed == []


def test_every_hidden_test_fails_for_at_least_one_mutant():
    """A hidden test that no wrong submission fails has not been shown to check anything.

    Uses what the tests above recorded, so it runs after them (file order) and only
    when all of them ran in this session."""
    if not _HIDDEN_TESTS or len(_FAILED_BY) != len(MUTANTS):
        pytest.skip("needs the reference and every mutant graded in this session")
    caught = set().union(*_FAILED_BY.values())
    assert sorted(_HIDDEN_TESTS - caught) == []
