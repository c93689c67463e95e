"""Show that the speed checks give the same verdict when questions are graded in parallel.

    python bench/timing_checks.py [--runs 20]

Grades the whole pack --runs times for each of two submissions, with the default number
of grading processes (so other questions run on the other cores while Q4 is timed):
the reference with Q4's stacked-eigvalsh variant (vectorised: must pass every time) and
with the element-loop mutant (must fail every time). Prints the verdicts of Q4's
vectorisation check and Q5's n log n check. Figures only; nothing is asserted.
"""

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import VARIANT, WRONG, mutant_submission, reference_submission  # noqa: E402

CHECKS = ("test_vectorised_on_2001_grid", "test_million_points_in_n_log_n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from gdgrade.cli import default_jobs, grade
    cases = (("stacked 2x2 eigvalsh (vectorised)", VARIANT / "q04_stacked_eigvalsh.py"),
             ("element loop (q04_convexity_python_loop)", WRONG / "q04_convexity_python_loop.py"))
    print(f"{args.runs} gradings of the whole pack each, {default_jobs()} grading processes:")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (label, source) in enumerate(cases):
            folder = mutant_submission(reference_submission(Path(tmp) / f"s{k}"), source)
            verdicts = collections.Counter()
            for _ in range(args.runs):
                _, results = grade(folder)
                for t in results.tests:
                    if t.name in CHECKS:
                        verdicts[(t.name, "held" if t.passed else "failed")] += 1
            print(f"  {label}: " + ", ".join(f"{name} {v} {n}x" for (name, v), n in sorted(verdicts.items())))


if __name__ == "__main__":
    main()
