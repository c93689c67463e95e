"""Print what isolation costs: worker start time per level, the extra wall time per worker,
and the grading time of the reference; optionally the address space the pack's work needs
and the worst case (an infinite loop in every function).

    python bench/isolation.py [--runs 10] [--address-space] [--worst-case]

Figures only; nothing here is asserted anywhere.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdgrade.gdkit import ops  # noqa: E402
from gdgrade.gdkit.channel import Channel  # noqa: E402
from gdgrade import sandbox  # noqa: E402
from gdgrade.cli import grade  # noqa: E402
from gdgrade.sandbox.host import python_path  # noqa: E402

# The short names this script's output and options use, in the order levels are tried.
LEVEL_NAMES = {short: level for short, level in sandbox.LEVEL_NAMES.items() if short != "bubblewrap"}


def _available(folder):
    out = {}
    for name, level in LEVEL_NAMES.items():
        sb = sandbox.Sandbox(folder, prefer=level)
        if sb.level == level:
            out[name] = level
        else:
            print(f"  {level}: not available ({sb.unavailable.get(level, '?')})")
        sb.close()
    return out


def worker_start_times(levels, runs):
    """Seconds from starting a worker to its hello (NumPy and a small module imported).

    Levels take turns, so a change in the machine's load affects them alike."""
    folder = Path(tempfile.mkdtemp(prefix="gdgrade-bench-"))
    (folder / "q01_perturb.py").write_text((ROOT / "reference" / "q01_perturb.py").read_text())
    boxes = {name: sandbox.Sandbox(folder, prefer=LEVEL_NAMES[name]) for name in levels}
    times = {name: [] for name in levels}
    for k in range(runs + 1):
        for name, sb in boxes.items():
            start = time.perf_counter()
            worker = sb.start("q01_perturb.py", ["perturb_and_measure"])
            hello = Channel(worker.sock).recv(deadline=time.monotonic() + 30)
            elapsed = time.perf_counter() - start
            assert hello.get("op") == ops.HELLO, hello
            worker.kill()
            if k:   # the first round warms the page cache
                times[name].append(elapsed)
    for sb in boxes.values():
        sb.close()
    shutil.rmtree(folder, ignore_errors=True)
    return times


def _questions_with_tests():
    from gdgrade.pack import load_pack
    return [q.id for q in load_pack().questions]


def grading_times(levels, runs, questions):
    out = {}
    for name in levels:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", "import sys; from gdgrade.cli import main; "
                                   "sys.exit(main(sys.argv[1:]))", "grade", str(ROOT / "reference"),
                                   "--questions", ",".join(questions), "--allow-unsandboxed"],
                                  cwd=ROOT, env={**os.environ, "GDGRADE_ISOLATION": name}, capture_output=True,
                                  text=True)
            samples.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
        out[name] = samples
    return out


_AS_TASKS = {
    "import numpy": "pass",
    "1000x1000 matmul": "a = np.ones((1000, 1000)); b = a @ a",
    "30M float32 w shared + 1 copy sent": """
import mmap, os
n = 30_000_001
mm = mmap.mmap(-1, n * 4)
w = np.frombuffer(mm, dtype=np.float32)
w[:] = 0.5
w2 = w.copy()
os.write(os.open('/dev/null', os.O_WRONLY), memoryview(w2).cast('B'))
""",
    "Q10 best_achievable_mse 20000x500": """
X = np.random.default_rng(0).standard_normal((20000, 500))
from gdgrade.reference.q10_plateau import best_achievable_mse
best_achievable_mse(X, X @ np.ones(500))
""",
    "Q4 convexity_map 2001x2001": """
Z = np.random.default_rng(0).standard_normal((2001, 2001))
from gdgrade.reference.q04_surface import convexity_map
convexity_map(Z, 0.1)
""",
    "Q4 convexity_map 2001x2001, eigvalsh on stacked 2x2": """
Z = np.random.default_rng(0).standard_normal((2001, 2001))
c = Z[1:-1, 1:-1]
dxx = Z[2:, 1:-1] - 2 * c + Z[:-2, 1:-1]; dyy = Z[1:-1, 2:] - 2 * c + Z[1:-1, :-2]
dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / 4
H = np.stack([np.stack([dxx, dxy], -1), np.stack([dxy, dyy], -1)], -2)
np.linalg.eigvalsh(H)[..., 0] >= -1e-9
""",
    "Q5 is_monotone_transform 10^6": """
a = np.random.default_rng(0).standard_normal(1_000_000)
from gdgrade.reference.q05_other_losses import is_monotone_transform
is_monotone_transform(a, np.exp(a))
""",
}


def address_space_needs():
    """The lowest RLIMIT_AS (MiB, 2 MiB steps) under which each task still runs."""
    import numpy
    site = str(Path(numpy.__file__).resolve().parent.parent)
    pre = ("import resource, sys\n"
           "resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))\n"
           f"sys.path[:0] = [{site!r}, {str(ROOT)!r}]\nimport numpy as np\n")
    env = {"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"}
    out = {}
    for label, code in _AS_TASKS.items():
        lo, hi = 16 << 20, 4 << 30
        while hi - lo > 2 << 20:
            mid = (lo + hi) // 2
            ok = subprocess.run([str(python_path()), "-I", "-S", "-c", pre + code, str(mid)],
                                capture_output=True, env=env).returncode == 0
            lo, hi = (lo, mid) if ok else (mid, hi)
        out[label] = hi / 2**20
    return out


def worst_case(questions):
    """Grade a submission whose every function is an infinite loop, at the default limits;
    returns (seconds, functions, score, seconds spent waiting on workers)."""
    from gdgrade.pack import load_pack
    pack = load_pack()
    folder = Path(tempfile.mkdtemp(prefix="gdgrade-worst-"))
    n_functions = 0
    for qid in questions:
        q = pack.question(qid)
        body = "".join(f"def {f.name}(*args, **kwargs):\n    while True:\n        pass\n\n\n" for f in q.functions)
        (folder / q.filename).write_text(body)
        n_functions += len(q.functions)
    try:
        start = time.perf_counter()
        _, results = grade(folder, 0, questions)
        elapsed = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return elapsed, n_functions, results.score, results.meta["waited_seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--grading-runs", type=int, default=3)
    parser.add_argument("--address-space", action="store_true", help="measure RLIMIT_AS needs (about a minute)")
    parser.add_argument("--worst-case", action="store_true", help="grade infinite loops everywhere (minutes)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="gdgrade-bench-")
    print("isolation levels on this machine:")
    levels = _available(folder)
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  available: {', '.join(LEVEL_NAMES[n] for n in levels)}")
    print(f"  default limits: {sandbox.DEFAULT_LIMITS}")

    print(f"\nworker start to hello (NumPy + module imported), median of {args.runs} (min, max):")
    starts = worker_start_times(levels, args.runs)
    for name, samples in starts.items():
        print(f"  {LEVEL_NAMES[name]:16s} {statistics.median(samples) * 1000:7.1f} ms "
              f"({min(samples) * 1000:.1f}, {max(samples) * 1000:.1f})")
    if "plain" in starts:
        base = statistics.median(starts["plain"])
        for name in levels:
            if name != "plain":
                extra = [a - b for a, b in zip(starts[name], starts["plain"])]
                print(f"  extra wall time per worker, {LEVEL_NAMES[name]} vs plain: median of the paired "
                      f"differences {statistics.median(extra) * 1000:+.1f} ms, difference of medians "
                      f"{(statistics.median(starts[name]) - base) * 1000:+.1f} ms")

    questions = _questions_with_tests()
    print(f"\ngdgrade grade reference --questions {','.join(questions)} (whole process), "
          f"median of {args.grading_runs}:")
    for name, samples in grading_times(levels, args.grading_runs, questions).items():
        print(f"  {LEVEL_NAMES[name]:16s} {statistics.median(samples):6.2f} s "
              f"({min(samples):.2f}, {max(samples):.2f})")

    if args.address_space:
        print("\nlowest address space (RLIMIT_AS) that still runs, OPENBLAS_NUM_THREADS=1:")
        for label, mib in address_space_needs().items():
            print(f"  {label:52s} {mib:6.0f} MiB")
        print(f"  limit in force: {sandbox.DEFAULT_LIMITS.address_space >> 20} MiB")

    if args.worst_case:
        elapsed, n, score, waited = worst_case(questions)
        lim = sandbox.DEFAULT_LIMITS
        print(f"\nworst case, an infinite loop in every function of {len(questions)} questions "
              f"({n} functions): {elapsed:.1f} s, score {score:g}")
        print(f"  waiting on workers {waited:.1f} s (capped at {lim.pool_seconds(n):g} s for a submission), "
              f"everything else {elapsed - waited:.1f} s")


if __name__ == "__main__":
    main()
