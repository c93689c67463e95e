"""Pure scoring: test results from the runner + the pack -> points per test, function and question.

The rule (GRADER.md § Scoring): a function's value checks hold `pack.value_share`
of its points and its property checks the rest; property checks count only once
every value check of the function passes.
"""

from dataclasses import replace
from fractions import Fraction

from gdgrade.pack import PROPERTY, VALUE
from gdgrade.results import FunctionScore, QuestionScore, Results

# Points are split in multiples of 1/8 point, so every per-test score is exact in
# binary floating point and the sum is exactly 100.
GRAIN = 8


def split_points(points, n_tests):
    """Split `points` (a multiple of 1/GRAIN) into n_tests shares of whole 1/GRAIN units."""
    units = Fraction(points) * GRAIN
    if units.denominator != 1:
        raise ValueError(f"{points} points are not a multiple of 1/{GRAIN}")
    base, extra = divmod(int(units), n_tests)
    # The larger shares go to the last tests, so the split is the same every run.
    return [Fraction(base + (1 if k >= n_tests - extra else 0), GRAIN) for k in range(n_tests)]


def function_split(pack, function):
    """(points of the value checks, points of the property checks) of `function`."""
    if not function.property_checks:
        return Fraction(function.points), Fraction(0)
    value = function.points * pack.value_share
    return value, function.points - value


def _outcomes_of(qid, function, outcomes):
    """The function's outcomes by test name; a grader error unless they are exactly the declared checks."""
    mine = {o.name: o for o in outcomes if o.question == qid and o.function == function.name}
    if not mine:
        raise RuntimeError(f"no hidden test scored {qid} {function.name}")
    undeclared = sorted(set(mine) - set(function.checks))
    missing = sorted(set(function.checks) - set(mine))
    if undeclared:
        raise RuntimeError(f"{qid} {function.name}: hidden tests {undeclared} are not declared as value "
                           "or property checks in the pack")
    if missing:
        raise RuntimeError(f"{qid} {function.name}: checks {missing} are declared in the pack but did not run")
    return mine


def _function_results(pack, qid, function, outcomes):
    mine = _outcomes_of(qid, function, outcomes)
    value_points, property_points = function_split(pack, function)
    values = [mine[name] for name in function.value_checks]
    properties = [mine[name] for name, _ in function.property_checks]
    counting = all(o.passed for o in values)
    tests = []
    for kind, group, points in ((VALUE, values, value_points), (PROPERTY, properties, property_points)):
        for o, share in zip(group, split_points(points, len(group)) if group else ()):
            counted = kind == VALUE or counting
            earned = share if o.passed and counted else Fraction(0)
            tests.append(replace(o, kind=kind, counted=counted, score=float(earned), max_score=float(share)))
    score = FunctionScore(name=function.name, score=sum(t.score for t in tests), max_score=function.points,
                          value_passed=sum(o.passed for o in values), value_total=len(values),
                          property_passed=sum(o.passed for o in properties), property_total=len(properties),
                          properties_count=counting,
                          property_labels=tuple(label for _, label in function.property_checks))
    return tests, score


def score(pack, outcomes, questions):
    """Results for `questions` (ids); every declared check of every function must have an outcome."""
    tests, question_scores = [], []
    for qid in questions:
        q = pack.question(qid)
        function_scores = []
        for f in q.functions:
            f_tests, f_score = _function_results(pack, qid, f, outcomes)
            tests.extend(f_tests)
            function_scores.append(f_score)
        question_scores.append(QuestionScore(qid, sum(fs.score for fs in function_scores),
                                             q.points, tuple(function_scores)))
    return Results(tests=tuple(tests), questions=tuple(question_scores))
