"""Pure scoring: points split exactly, every test tagged with its question and function."""

from fractions import Fraction

import pytest

from grader.pack import load_pack
from grader.runner import TestOutcome
from grader.scoring import split_points, score

PACK = load_pack()


@pytest.mark.parametrize("points,n", [(10, 7), (6, 6), (3, 5), (4, 9), (5, 1), (3, 24)])
def test_split_points_adds_up_exactly_in_eighths(points, n):
    shares = split_points(points, n)
    assert len(shares) == n and sum(shares) == points
    assert all(s.denominator in (1, 2, 4, 8) for s in shares)
    assert max(shares) - min(shares) <= Fraction(1, 8)
    assert sum(float(s) for s in shares) == points     # exact in binary floating point


def _outcomes(fail=()):
    return [TestOutcome(q.id, f.name, f"test_{k}", "", (q.id, f.name, k) not in fail, "bad" if (q.id, f.name, k) in fail else "")
            for q in PACK.questions for f in q.functions for k in range(3)]


def test_full_marks_sum_to_100_and_tags_name_question_and_function():
    results = score(PACK, _outcomes(), [q.id for q in PACK.questions])
    doc = results.to_gradescope()
    assert doc["score"] == 100 and sum(t["max_score"] for t in doc["tests"]) == 100
    for t in doc["tests"]:
        assert t["status"] == "passed" and t["tags"][0].startswith("q") and len(t["tags"]) == 2


def test_a_failed_test_costs_only_its_share_of_its_function():
    results = score(PACK, _outcomes(fail={("q01", "partial_derivative", 0)}), ["q01"])
    by_fn = {f.name: f.score for f in results.questions[0].functions}
    assert by_fn == {"perturb_and_measure": 6, "partial_derivative": 4 - float(split_points(4, 3)[0])}
    failed = [t for t in results.to_gradescope()["tests"] if t["status"] == "failed"]
    assert [f["output"] for f in failed] == ["bad"]


def test_a_function_without_tests_is_a_grader_error():
    with pytest.raises(RuntimeError):
        score(PACK, [o for o in _outcomes() if o.function != "find_jumps"], ["q02"])
