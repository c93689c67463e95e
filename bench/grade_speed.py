"""Print how fast grading is, as ratios to a cold NumPy start measured in the same run.

    python bench/grade_speed.py [--runs 5]

Rows (median of --runs whole `gdgrade grade` runs, min and max in brackets): the full
pack on the reference at the strongest isolation available, with one grading process
and with the default (one per core), both writing results.json and the HTML report
(whose figures are drawn with the submission's functions); the same with results.json
only; the three questions with the heaviest tests alone (a floor for the full pack);
one question (q01); the stubs. Then the peak resident memory of the grading process
tree (every process under the command, workers included, sampled every 10 ms), how
busy the cores are while the full pack is graded, the time per question and the ten
slowest hidden tests of one run (bench/isolation.py prints what a worker start
costs). Figures only; nothing here is asserted anywhere.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _wall(argv):
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _tree_rss(root):
    """Resident bytes of `root` and every process under it, now."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier and p not in tree]
        tree.update(kids)
        frontier = kids
    return sum(rss.get(p, 0) for p in tree)


def _peak_tree_rss(argv):
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.01)
    return peak


def _cpu_ticks():
    """(busy, total) clock ticks of every core since boot (/proc/stat)."""
    with open("/proc/stat") as fh:
        ticks = [int(x) for x in fh.readline().split()[1:]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)   # idle and iowait are not busy


def _busy_cores(argv):
    """(share of all cores' time busy, wall seconds) while the command line `argv` runs.
    Everything on the machine counts, so run it on an idle one."""
    busy0, total0 = _cpu_ticks()
    wall = _wall(argv)
    busy1, total1 = _cpu_ticks()
    return (busy1 - busy0) / max(1, total1 - total0), wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    gdgrade = [sys.executable, "-m", "gdgrade.cli", "grade"]
    with tempfile.TemporaryDirectory() as tmp:
        out = ["--json", f"{tmp}/r.json", "--html", f"{tmp}/r.html"]
        reference, stubs = str(ROOT / "reference"), str(ROOT / "challenges")
        rows = [
            ("python -c 'import numpy' (the yardstick)", [sys.executable, "-c", "import numpy"]),
            ("full pack, reference, --jobs 1", gdgrade + [reference, "--jobs", "1"] + out),
            ("full pack, reference (default jobs)", gdgrade + [reference] + out),
            # Without --html nothing is drawn: the difference is the report, and the figures drawn
            # with the submission's own functions in its workers.
            ("full pack, reference, results.json only", gdgrade + [reference, "--json", f"{tmp}/r.json"]),
            # The three questions whose tests the contract makes heavy (Q2's searches call back
            # thousands of times, Q4's 2001 x 2001 grid, Q5's 10^6 points), alone: a floor for
            # the row above, which grades them too.
            ("q02, q04, q05 alone, results.json only", gdgrade + [reference, "--questions", "q02,q04,q05",
                                                                  "--json", f"{tmp}/r.json"]),
            ("one question (--questions q01)", gdgrade + [reference, "--questions", "q01"] + out),
            ("the stubs (nothing implemented)", gdgrade + [stubs] + out),
        ]
        times = {label: [] for label, _ in rows}
        # Interleaved, so that a change in the machine's load touches every row alike.
        for _ in range(args.runs):
            for label, argv in rows:
                times[label].append(_wall(argv))
        yardstick = statistics.median(times[rows[0][0]])
        print(f"cores: {len(os.sched_getaffinity(0))}; wall time, median of {args.runs} runs (min, max), "
              "and as a multiple of a cold NumPy start:")
        for label, _ in rows:
            t = times[label]
            print(f"  {label:42s} {statistics.median(t):6.3f} s ({min(t):.3f}, {max(t):.3f})  "
                  f"{statistics.median(t) / yardstick:5.1f}x")

        peak = _peak_tree_rss(gdgrade + [reference] + out)
        print(f"peak resident memory of the grading process tree (full pack): {peak / 2**20:.0f} MiB")
        # Near 100%, more parallelism cannot make the full pack faster; only less CPU work can.
        busy, wall = _busy_cores(gdgrade + [reference] + out)
        print(f"cores busy while one full pack is graded (default jobs): {busy:.0%} of {os.cpu_count()} "
              f"over {wall:.2f} s")

    from gdgrade.cli import grade
    _, results = grade(reference)
    print(f"one run of the full pack in this process: {results.meta['execution_time']:.2f} s, "
          f"isolation: {results.meta['isolation_level']}")
    per_question = {}
    for t in results.tests:
        per_question[t.question] = per_question.get(t.question, 0.0) + t.duration
    print("time in hidden tests per question (s, summed over grading processes): "
          + ", ".join(f"{q} {s:.2f}" for q, s in sorted(per_question.items())))
    print("ten slowest hidden tests:")
    for t in sorted(results.tests, key=lambda t: -t.duration)[:10]:
        print(f"  {t.duration:6.3f} s  {t.question} {t.function}: {t.name}")


if __name__ == "__main__":
    main()
