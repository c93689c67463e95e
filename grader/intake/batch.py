"""gdgrade batch: every entry of an intake folder, graded in a subprocess each, resumably.

Each candidate is graded by ``python -m gdgrade.cli grade`` in its own process: grade()
makes its process a child subreaper and kills every descendant before it returns, so two
gradings must never share a process. The subprocess writes into a private staging folder
in OUT; the folder is renamed into place only when grading finished, with entry.json
(the ledger record) inside, so an interrupted batch (Ctrl-C, SIGTERM, SIGKILL, power
loss) keeps every finished candidate and leaves no half-written file where results live.
"""

import concurrent.futures
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from gdgrade.intake import entries, ledger

CANDIDATE_TIMEOUT = 3600    # seconds; the pack's own time pool ends an all-infinite-loop submission in 5 min
STOP_GRACE = 30             # seconds a grading process gets to clean up after SIGINT

# Started as a small launcher that asks the kernel for SIGINT when the batch dies (even by
# SIGKILL), then becomes `python -m gdgrade.cli grade ...`: on SIGINT grade() kills its
# workers and writes nothing, so no orphaned grading outlives an interrupted batch.
_LAUNCH = ("import ctypes, os, signal, sys\n"
           "ctypes.CDLL(None).prctl(1, int(signal.SIGINT), 0, 0, 0)\n"   # PR_SET_PDEATHSIG
           "if os.getppid() != int(sys.argv[1]):\n"
           "    sys.exit(130)\n"
           "os.execv(sys.executable, [sys.executable, '-m', 'gdgrade.cli', *sys.argv[2:]])\n")


class BatchNoSandbox(Exception):
    """gdgrade grade refused for want of a sandbox: the whole batch stops (fail closed)."""


@dataclass
class Candidate:
    name: str
    paths: tuple      # the entries carrying this name (more than one is a mistake of the intake)


def modules_of(pack):
    return {q.filename: [f.name for f in q.functions] for q in pack.questions}


def discover(input_dir):
    """The intake's candidates, sorted by name; hidden entries (.DS_Store, .git) are not candidates."""
    by_name = {}
    for path in sorted(Path(input_dir).iterdir()):
        if path.name.startswith(".") or path.name == "__MACOSX":
            continue
        by_name.setdefault(entries.entry_name(path), []).append(path)
    return [Candidate(name, tuple(paths)) for name, paths in sorted(by_name.items())]


def parse_shard(text):
    """'i/n' -> (i, n) with 0 <= i < n; raises ValueError with the reason."""
    parts = str(text).split("/")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"--shard {text}: expected i/n, e.g. 0/4 (shards are numbered 0 to n-1)")
    i, n = int(parts[0]), int(parts[1])
    if n < 1 or not 0 <= i < n:
        raise ValueError(f"--shard {text}: need n >= 1 and 0 <= i < n (shards are numbered 0 to n-1)")
    return i, n


def shard_of(name, n):
    """The shard of a candidate: stable across machines and runs (sha256 of the name, mod n)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()[:8], "big") % n


def grade_argv(submission, json_path, html_path, seed, questions, allow_unsandboxed):
    """The launcher's command line for one `gdgrade grade`."""
    argv = [sys.executable, "-c", _LAUNCH, str(os.getpid()), "grade", str(submission),
            "--json", str(json_path), "--html", str(html_path), "--seed", str(seed), "--audience", "staff"]
    if questions:
        argv += ["--questions", ",".join(questions)]
    if allow_unsandboxed:
        argv.append("--allow-unsandboxed")
    return argv


def run_grade(argv, log_path, stop=None, procs=None, timeout=CANDIDATE_TIMEOUT):
    """Run one grading; returns (exit status or None when stopped or timed out, last stderr line)."""
    with open(log_path, "wb") as log:
        err_path = Path(str(log_path) + ".err")
        with open(err_path, "wb") as err:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=err)
        if procs is not None:
            procs.add(proc)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    code = proc.wait(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if (stop is not None and stop.is_set()) or time.monotonic() > deadline:
                    _stop(proc)
                    code = None
                    break
        finally:
            if procs is not None:
                procs.discard(proc)
    text = err_path.read_text(encoding="utf-8", errors="replace")
    with open(log_path, "ab") as log:
        log.write(text.encode("utf-8"))
    err_path.unlink()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    last = next((ln for ln in reversed(lines) if ln.startswith("gdgrade:")), lines[-1] if lines else "")
    return code, last


def _stop(proc):
    try:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=STOP_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    except OSError:
        pass


def zero_results(reason, max_score, status):
    """A results.json for an entry that was not graded: score 0 and the reason, once."""
    return {"score": 0, "max_score": max_score, "execution_time": 0.0, "visibility": "visible",
            "output": f"gdgrade: not graded, score 0: {reason}", "tests": [], "isolation": {},
            "extra_data": {"functions": [], "intake": {"status": status, "reason": reason}}}


class Context:
    """What every grading task of one batch shares."""

    def __init__(self, out, pack, seed, questions, allow_unsandboxed):
        from gdgrade import __version__
        self.out = Path(out)
        self.pack = pack
        self.modules = modules_of(pack)
        self.seed = seed
        self.questions = list(questions or [])
        self.allow_unsandboxed = allow_unsandboxed
        self.key = ledger.key(__version__, pack.contract, seed, self.questions)
        graded = self.questions or [q.id for q in pack.questions]
        self.max_score = sum(q.points for q in pack.questions if q.id in graded)
        self.stop = threading.Event()
        self.procs = set()


@dataclass
class Outcome:
    name: str
    status: str        # graded, rejected, error, kept (unchanged since the last run), stopped
    score: float = 0.0
    line: str = ""


def process(candidate, ctx):
    """Normalise, grade (unless the ledger says it is current) and commit one candidate."""
    dest = ctx.out / candidate.name
    if ctx.stop.is_set():
        return Outcome(candidate.name, "stopped")
    reason, sub, fmt = None, None, ""
    if _unusable_name(candidate.name):
        reason = _unusable_name(candidate.name)
    elif len(candidate.paths) > 1:
        reason = (f"{len(candidate.paths)} entries share the name {candidate.name} "
                  f"({', '.join(p.name for p in candidate.paths)}): keep one")
    else:
        fmt = entries.entry_format(candidate.paths[0])
        try:
            sub = entries.load(candidate.paths[0], ctx.modules)
            fmt = sub.fmt
        except entries.Rejected as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - whatever an entry holds, the batch goes on
            reason = f"cannot be read ({type(exc).__name__}: {exc})"
    content_hash = sub.content_hash() if sub else ""
    base = {"name": candidate.name, "source": [p.name for p in candidate.paths], "format": fmt,
            "hash": content_hash, "notes": list(sub.notes) if sub else [], **ctx.key}
    existing = ledger.read_entry(dest)
    if ledger.is_current(existing, content_hash, ctx.key) and existing.get("reason", "") == (reason or "") \
            and existing.get("source") == base["source"]:
        return Outcome(candidate.name, "kept", existing.get("score", 0.0))
    if _unusable_name(candidate.name):
        return Outcome(candidate.name, "rejected", 0.0, reason)   # no folder can carry this name
    staged = ledger.new_staging(ctx.out)
    try:
        if reason is not None:
            entry = {**base, "status": "rejected", "reason": reason, "score": 0.0}
            _write_not_graded(staged, entry, ctx)
        else:
            sub.write(staged / ledger.SUBMISSION)
            argv = grade_argv(staged / ledger.SUBMISSION, staged / ledger.RESULTS, staged / ledger.REPORT,
                              ctx.seed, ctx.questions, ctx.allow_unsandboxed)
            code, last = run_grade(argv, staged / "grade.log", ctx.stop, ctx.procs)
            if ctx.stop.is_set():
                return Outcome(candidate.name, "stopped")
            if code == 2 and "no sandbox" in last:
                raise BatchNoSandbox(last.removeprefix("gdgrade: error: "))
            results = _read_json(staged / ledger.RESULTS) if code == 0 else None
            if results is None:
                why = (f"grading did not finish within {CANDIDATE_TIMEOUT} s" if code is None
                       else f"gdgrade grade exited with status {code}: {last}")
                entry = {**base, "status": "error", "reason": why, "score": 0.0}
                _write_not_graded(staged, entry, ctx)
            else:
                entry = {**base, "status": "graded", "reason": "", "score": results.get("score", 0.0)}
                ledger.write_json(staged / ledger.ENTRY, entry)
        ledger.commit(staged, dest)
        return Outcome(candidate.name, entry["status"], entry["score"], entry["reason"])
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _unusable_name(name):
    """Why `name` cannot name a candidate folder in OUT, or ""."""
    if name in ledger.SUMMARY_FILES or name in (ledger.STAGING, ledger.LOCK):
        return f"the name {name} is reserved for the intake's own files: rename the entry"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the entry's name is not valid UTF-8: rename it"
    return ""


def _write_not_graded(staged, entry, ctx):
    from gdgrade.intake.summary import render_not_graded
    from gdgrade.results import write_atomically
    ledger.write_json(staged / ledger.RESULTS, zero_results(entry["reason"], ctx.max_score, entry["status"]))
    write_atomically(staged / ledger.REPORT, render_not_graded(entry))
    ledger.write_json(staged / ledger.ENTRY, entry)


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


class Progress:
    """One updating line on a terminal (count, rate, ETA); plain lines otherwise."""

    def __init__(self, total, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.done, self.graded = total, 0, 0
        self.start = time.monotonic()
        self.lock = threading.Lock()

    def _rate(self):
        minutes = (time.monotonic() - self.start) / 60
        return self.graded / minutes if minutes > 0 and self.graded else 0.0

    def update(self, outcome, remaining_to_grade):
        with self.lock:
            self.done += 1
            if outcome.status in ("graded", "error"):
                self.graded += 1
            rate = self._rate()
            eta = f"ETA {_duration(60 * remaining_to_grade / rate)}" if rate else "ETA ?"
            what = {"kept": "unchanged, kept", "graded": f"{outcome.score:g} points",
                    "rejected": f"score 0 ({outcome.line})", "error": f"error ({outcome.line})"}.get(
                        outcome.status, outcome.status)
            line = f"[{self.done}/{self.total}] {rate:.1f}/min, {eta}: {outcome.name}: {what}"
            if self.tty:
                width = shutil.get_terminal_size((100, 20)).columns - 1
                self.stream.write("\r\033[K" + line[:width])
            else:
                self.stream.write("gdgrade: " + line + "\n")
            self.stream.flush()

    def close(self):
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds):
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class _Terminated(BaseException):
    """SIGTERM, turned into the same orderly stop as Ctrl-C."""


def run_batch(input_dir, out, jobs=1, seed=0, questions=None, shard=None, allow_unsandboxed=False,
              progress_stream=None):
    """Grade the intake; returns (outcomes by name, the run's candidates). Raises BatchNoSandbox,
    KeyboardInterrupt (after stopping every grading and keeping what finished)."""
    from gdgrade.pack import load_pack
    pack = load_pack()
    out = Path(out)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = open(out / ledger.LOCK, "a")
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RuntimeError(f"another gdgrade batch is writing {out}") from None
        ledger.sweep_staging(out)
        candidates = discover(input_dir)
        if shard is not None:
            candidates = [c for c in candidates if shard_of(c.name, shard[1]) == shard[0]]
        ctx = Context(out, pack, seed, questions, allow_unsandboxed)
        outcomes = _run(candidates, ctx, jobs, Progress(len(candidates), progress_stream))
        ledger.sweep_staging(out)
        return outcomes, candidates
    finally:
        lock.close()


def _run(candidates, ctx, jobs, progress):
    outcomes = {}
    previous = signal.getsignal(signal.SIGTERM)
    in_main = threading.current_thread() is threading.main_thread()

    def on_term(signum, frame):
        raise _Terminated()

    if in_main:
        signal.signal(signal.SIGTERM, on_term)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="gdgrade-batch")
    try:
        futures = {pool.submit(process, c, ctx): c for c in candidates}
        pending = set(futures)
        while pending:
            done, pending = concurrent.futures.wait(pending, timeout=0.5,
                                                    return_when=concurrent.futures.FIRST_COMPLETED)
            for f in sorted(done, key=lambda f: futures[f].name):
                outcome = f.result()    # BatchNoSandbox and grader defects surface here
                outcomes[outcome.name] = outcome
                progress.update(outcome, sum(1 for p in pending if not p.done()))
    except BaseException as exc:
        ctx.stop.set()
        for proc in list(ctx.procs):
            try:
                proc.send_signal(signal.SIGINT)
            except OSError:
                pass
        pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
        if isinstance(exc, (KeyboardInterrupt, _Terminated)):
            kept = sum(1 for n in (c.name for c in candidates) if ledger.read_entry(ctx.out / n))
            print(f"gdgrade: batch interrupted: {kept} of {len(candidates)} candidates are finished and kept "
                  "in the output folder; run the same command again to grade the rest", file=sys.stderr)
            raise KeyboardInterrupt from None
        raise
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    pool.shutdown(wait=True)
    progress.close()
    return outcomes
