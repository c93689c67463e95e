"""Print how long grading takes: whole CLI runs (median of N) and the slowest hidden tests.

    python bench/grade_speed.py [--runs 5] [--questions q01,q02]

Figures only; nothing here is asserted anywhere.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_wall(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", default=None)
    args = parser.parse_args()
    gdgrade = [sys.executable, "-m", "gdgrade.cli", "grade"]
    extra = ["--questions", args.questions] if args.questions else []
    with tempfile.TemporaryDirectory() as tmp:
        out = ["--json", f"{tmp}/r.json", "--html", f"{tmp}/r.html"]
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import numpy'", [sys.executable, "-c", "import numpy"]),
            ("gdgrade grade reference", gdgrade + [str(ROOT / "reference")] + out + extra),
            ("gdgrade grade challenges (stubs)", gdgrade + [str(ROOT / "challenges")] + out + extra),
        ]
        print(f"wall time, median of {args.runs} runs (min, max):")
        for label, argv in rows:
            med, lo, hi = _median_wall(argv, args.runs)
            print(f"  {label:38s} {med:6.3f} s  ({lo:.3f}, {hi:.3f})")

    from gdgrade.cli import grade
    questions = args.questions.split(",") if args.questions else None
    _, results = grade(ROOT / "reference", 0, questions)
    print(f"in-process grading of the reference: {results.meta['execution_time']:.3f} s, "
          f"isolation: {results.meta['isolation_level']}")
    from gdgrade.pack import load_pack
    from gdgrade.runner import run_hidden_tests
    from gdgrade.sandbox import Sandbox
    pack = load_pack()
    sandbox = Sandbox(ROOT / "reference")
    try:
        outcomes, _, _ = run_hidden_tests(pack, sandbox, 0, questions or [q.id for q in pack.questions])
    finally:
        sandbox.close()
    from gdgrade.figures import figures_for
    start = time.perf_counter()
    for q in pack.questions:
        figures_for(q)
    print(f"the report's figures, all questions: {time.perf_counter() - start:.3f} s")
    print("slowest hidden tests:")
    for o in sorted(outcomes, key=lambda o: -o.duration)[:5]:
        print(f"  {o.duration:6.3f} s  {o.question} {o.function}: {o.name}")


if __name__ == "__main__":
    main()
