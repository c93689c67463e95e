"""Time `gdgrade batch` over generated submissions at several --jobs; never asserted.

    python bench/batch_speed.py [--count 50] [--runs 3] [--jobs 1,2] [--questions q01,q09]

Generates COUNT entries: two fifths correct (copies of reference/, as folders, single
files and zips), two fifths wrong (a mutant of tests/submissions/wrong/ appended to its
reference module, as tests/conftest.py builds them) and one fifth broken (syntax errors,
empty folders, corrupt zips). Each run grades them into a fresh output folder; prints
submissions per minute (medians over RUNS) and the speed-up over the first --jobs value.
Figures depend on the machine's load: other processes sharing the cores slow every level.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference"
WRONG = ROOT / "tests" / "submissions" / "wrong"


def _reference_files():
    return {p.name: p.read_text() for p in sorted(REFERENCE.glob("q*.py"))}


def generate(folder, count):
    folder.mkdir(parents=True)
    ref = _reference_files()
    mutants = sorted(WRONG.glob("q*.py"))
    n_correct, n_wrong = 2 * count // 5, 2 * count // 5
    for k in range(count):
        name = f"cand{k:03d}"
        if k < n_correct:
            shape = k % 3
            if shape == 0:
                (folder / name).mkdir()
                for f, text in ref.items():
                    (folder / name / f).write_text(text)
            elif shape == 1:   # one file: the modules concatenated (later helpers win, as in Python)
                (folder / f"{name}.py").write_text("\n\n".join(ref[f] for f in sorted(ref)[:3]))
            else:
                with zipfile.ZipFile(folder / f"{name}.zip", "w") as z:
                    for f, text in ref.items():
                        z.writestr(f"{name}/{f}", text)
        elif k < n_correct + n_wrong:
            mutant = mutants[(k * 7) % len(mutants)]
            module = next(f for f in ref if f[:3] == mutant.name[:3])
            (folder / name).mkdir()
            for f, text in ref.items():
                (folder / name / f).write_text(text + ("\n\n" + mutant.read_text() if f == module else ""))
        else:
            kind = k % 3
            if kind == 0:
                (folder / f"{name}.py").write_text("def perturb_and_measure(:\n")
            elif kind == 1:
                (folder / name).mkdir()
            else:
                (folder / f"{name}.zip").write_bytes(b"PK\x03\x04 broken")


def run_once(src, jobs, questions):
    out = Path(tempfile.mkdtemp(prefix="gdgrade-bench-out-"))
    argv = [sys.executable, "-m", "gdgrade.cli", "batch", str(src), "--out", str(out / "o"), "--jobs", str(jobs)]
    if questions:
        argv += ["--questions", questions]
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"batch failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return elapsed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    p.add_argument("--questions", default=None, help="grade only these questions (quicker)")
    args = p.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    work = Path(tempfile.mkdtemp(prefix="gdgrade-bench-"))
    os.chmod(work, 0o700)
    try:
        generate(work / "in", args.count)
        print(f"{args.count} submissions, {args.runs} runs each, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f} at start; questions: {args.questions or 'all'}")
        medians = {}
        for j in jobs:
            times = [run_once(work / "in", j, args.questions) for _ in range(args.runs)]
            medians[j] = statistics.median(times)
            print(f"--jobs {j}: median {medians[j]:.1f} s ({', '.join(f'{t:.1f}' for t in times)}), "
                  f"{60 * args.count / medians[j]:.1f} submissions/min, "
                  f"speed-up {medians[jobs[0]] / medians[j]:.2f}x over --jobs {jobs[0]}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
