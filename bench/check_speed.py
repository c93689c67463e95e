"""Print how fast the learner's loop is, as ratios to a cold NumPy start measured in the same run.

    python bench/check_speed.py [--runs 5]

Rows (median of --runs, min and max in brackets): `gdgrade check q01` on a correct
file, at the strongest isolation available and at the plain level; `gdgrade check q07`
(a light question); and for `gdgrade check --watch`, the time from saving a correct
file to the line with its verdict. Figures only; nothing here is asserted anywhere.
"""

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GDGRADE = [sys.executable, "-m", "gdgrade.cli"]


def _wall(argv, cwd, env=None):
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _watch_latency(work, runs):
    """Seconds from saving q07_per_example.py (correct) to the line saying it now passes."""
    env = dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([*GDGRADE, "check", "q07", "--watch"], cwd=work, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()

    def wait_for(words):
        while words not in lines.get(timeout=120):
            pass

    stub = (ROOT / "challenges" / "q07_per_example.py").read_text()
    good = (ROOT / "reference" / "q07_per_example.py").read_text()
    target = work / "challenges" / "q07_per_example.py"
    times = []
    try:
        wait_for("Next: ")
        for _ in range(runs):
            target.write_text(stub)
            wait_for("total ")
            start = time.perf_counter()
            target.write_text(good)
            wait_for("now passes")
            times.append(time.perf_counter() - start)
            wait_for("total ")                   # the rest of that verdict, before the next save
    finally:
        proc.terminate()
        proc.wait()
    return times


def _row(label, times, unit):
    med = statistics.median(times)
    print(f"{label:<46} {med:6.2f} s = {med / unit:5.1f}x   [{min(times):.2f}-{max(times):.2f}]")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "challenges", work / "challenges")
        for name in ("q01_perturb.py", "q07_per_example.py"):
            shutil.copy(ROOT / "reference" / name, work / "challenges" / name)
        numpy = [_wall([sys.executable, "-c", "import numpy"], work) for _ in range(args.runs)]
        unit = statistics.median(numpy)
        print(f"cold `python -c 'import numpy'`: {unit:.3f} s (median of {args.runs}); ratios are to it\n")
        _wall([*GDGRADE, "check", "q01"], work)                        # warm the page cache
        _row("gdgrade check q01 (strongest isolation)",
             [_wall([*GDGRADE, "check", "q01"], work) for _ in range(args.runs)], unit)
        plain = dict(os.environ, GDGRADE_ISOLATION="plain")
        _row("gdgrade check q01 (plain process)",
             [_wall([*GDGRADE, "check", "q01"], work, plain) for _ in range(args.runs)], unit)
        _row("gdgrade check q07",
             [_wall([*GDGRADE, "check", "q07"], work) for _ in range(args.runs)], unit)
        shutil.copy(ROOT / "challenges" / "q07_per_example.py", work / "challenges")
        _row("check --watch: save of q07 to its verdict", _watch_latency(work, args.runs), unit)


if __name__ == "__main__":
    main()
