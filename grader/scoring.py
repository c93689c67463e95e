"""Pure scoring: test outcomes + the pack -> points per test, function and question."""

from fractions import Fraction

from grader.results import FunctionScore, QuestionScore, Results, TestResult

# Each function's points are split among its tests in multiples of 1/8 point, so
# every per-test score is exact in binary floating point and the sum is exactly 100.
GRAIN = 8


def split_points(points, n_tests):
    """Split `points` into n_tests shares that are multiples of 1/GRAIN and add up exactly."""
    units = points * GRAIN
    base, extra = divmod(units, n_tests)
    # The larger shares go to the last tests, so the split is the same every run.
    return [Fraction(base + (1 if k >= n_tests - extra else 0), GRAIN) for k in range(n_tests)]


def score(pack, outcomes, questions):
    """Results for `questions` (ids); every function must have at least one outcome."""
    tests, question_scores = [], []
    for qid in questions:
        q = pack.question(qid)
        function_scores = []
        for f in q.functions:
            mine = [o for o in outcomes if o.question == qid and o.function == f.name]
            if not mine:
                raise RuntimeError(f"no hidden test scored {qid} {f.name}")
            shares = split_points(f.points, len(mine))
            got = Fraction(0)
            for o, share in zip(mine, shares):
                earned = share if o.passed else Fraction(0)
                got += earned
                tests.append(TestResult(question=qid, function=f.name, name=o.name, doc=o.doc,
                                        score=float(earned), max_score=float(share),
                                        passed=o.passed, feedback=o.feedback,
                                        internal_error=o.internal_error))
            function_scores.append(FunctionScore(f.name, float(got), f.points,
                                                 sum(o.passed for o in mine), len(mine)))
        question_scores.append(QuestionScore(qid, sum(fs.score for fs in function_scores),
                                             q.points, tuple(function_scores)))
    return Results(tests=tuple(tests), questions=tuple(question_scores))
