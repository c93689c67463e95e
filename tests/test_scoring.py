"""Pure scoring: exact shares, value checks first, property checks only once the values are right."""

from fractions import Fraction

import pytest

from gdgrade.pack import load_pack
from gdgrade.results import TestResult
from gdgrade.scoring import function_split, score, split_points

PACK = load_pack()
ALL = [q.id for q in PACK.questions]


@pytest.mark.parametrize("points,n", [(10, 7), (6, 6), (3, 5), (4, 9), (5, 1), (3, 24), (Fraction(9, 4), 5)])
def test_split_points_adds_up_exactly_in_eighths(points, n):
    shares = split_points(points, n)
    assert len(shares) == n and sum(shares) == points
    assert all(s.denominator in (1, 2, 4, 8) for s in shares)
    assert max(shares) - min(shares) <= Fraction(1, 8)
    assert sum(float(s) for s in shares) == points     # exact in binary floating point


def _outcomes(fail=()):
    """One outcome per declared check; those named in `fail` (question, function, test) fail."""
    return [TestResult(q.id, f.name, name, "", (q.id, f.name, name) not in fail,
                        "bad" if (q.id, f.name, name) in fail else "")
            for q in PACK.questions for f in q.functions for name in f.checks]


def _first(kind):
    """(question, function, test) of the first function with both kinds of check: its first check of `kind`."""
    q, f = next((q, f) for q in PACK.questions for f in q.functions if f.property_checks)
    name = f.value_checks[0] if kind == "value" else f.property_checks[0][0]
    return q.id, f, name


def test_full_marks_sum_to_100_and_tags_name_question_function_and_kind():
    results = score(PACK, _outcomes(), ALL)
    doc = results.to_gradescope()
    assert doc["score"] == 100 and sum(t["max_score"] for t in doc["tests"]) == 100
    for t in doc["tests"]:
        assert t["status"] == "passed" and t["output"] == ""
        assert t["tags"][0].startswith("q") and t["tags"][2] in ("value", "property")
    assert all(f["properties_count"] for f in doc["extra_data"]["functions"])


def test_value_checks_hold_the_value_share_of_each_function():
    results = score(PACK, _outcomes(), ALL)
    for q in PACK.questions:
        for f in q.functions:
            value, prop = function_split(PACK, f)
            tests = [t for t in results.tests if t.question == q.id and t.function == f.name]
            assert sum(Fraction(t.max_score) for t in tests if t.kind == "value") == value
            assert sum(Fraction(t.max_score) for t in tests if t.kind == "property") == prop
            assert value + prop == f.points and (prop == 0) == (not f.property_checks)


def test_a_failed_property_check_costs_only_its_share():
    qid, f, name = _first("property")
    results = score(PACK, _outcomes(fail={(qid, f.name, name)}), [qid])
    fs = results.function_score(qid, f.name)
    share = next(t.max_score for t in results.tests if t.name == name and t.function == f.name)
    assert fs.score == f.points - share and fs.properties_count
    assert [t["output"] for t in results.to_gradescope()["tests"] if t["status"] == "failed"] == ["bad"]


def test_a_failed_value_check_stops_every_property_check_from_counting():
    qid, f, name = _first("value")
    results = score(PACK, _outcomes(fail={(qid, f.name, name)}), [qid])
    fs = results.function_score(qid, f.name)
    value, _ = function_split(PACK, f)
    share = next(t.max_score for t in results.tests if t.name == name and t.function == f.name)
    assert fs.score == value - share and not fs.properties_count
    assert fs.pending_note.startswith(f"{len(f.property_checks)} property checks (")
    assert fs.pending_note.endswith(f"count once every value check of {f.name} passes.")
    doc = {t["name"]: t for t in results.to_gradescope()["tests"] if f.name in t["name"]}
    pending = [t for t in doc.values() if "(property check)" in t["name"]]
    assert len(pending) == len(f.property_checks)
    for t in pending:
        assert t["score"] == 0 and t["status"] == "failed"
        assert t["output"] == "This property held, but it is not counted yet: " + fs.pending_note
    # Other functions of the question are untouched.
    others = [g for g in results.questions[0].functions if g.name != f.name]
    assert all(g.score == g.max_score for g in others)


def test_every_value_check_failing_earns_nothing():
    q = PACK.questions[0]
    fail = {(q.id, f.name, n) for f in q.functions for n in f.value_checks}
    assert score(PACK, _outcomes(fail=fail), [q.id]).score == 0


def test_undeclared_or_missing_checks_are_grader_errors():
    outcomes = _outcomes()
    with pytest.raises(RuntimeError, match="no hidden test scored"):
        score(PACK, [o for o in outcomes if o.function != "find_jumps"], ["q02"])
    qid, f, name = _first("value")
    with pytest.raises(RuntimeError, match="did not run"):
        score(PACK, [o for o in outcomes if o.name != name or o.function != f.name], [qid])
    extra = TestResult(qid, f.name, "test_not_in_the_pack", "", True, "")
    with pytest.raises(RuntimeError, match="not declared"):
        score(PACK, outcomes + [extra], [qid])
