"""The worker's isolation: which level is in force, what a worker can see and do, its limits,
and that everything it started is gone when it ends.

A probe module (written per test) runs in a real worker; its functions return plain data
about what they could do, and the host side checks the worker from outside (/proc)."""

import json
import os
import shutil
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REFERENCE, ROOT, reference_submission
from gdgrade import sandbox
from gdgrade.sandbox import bwrap, host, procs
from gdgrade.cli import grade
from gdgrade.budget import TimeBudget
from gdgrade.proxy import CandidateFunction, QuestionSession, SubmissionProblem



def _level_in_force():
    import tempfile
    folder = tempfile.mkdtemp()
    sb = sandbox.Sandbox(folder)
    sb.close()
    os.rmdir(folder)
    return sb.level


SANDBOXED = _level_in_force() == sandbox.BWRAP   # honours GDGRADE_ISOLATION
needs_sandbox = pytest.mark.skipif(not SANDBOXED, reason="bubblewrap is not available here")


# -- helpers shared with test_hostile.py ------------------------------------------------------

def _parents():
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = procs.proc_status(entry)
            if st and not st.get("State", "Z").startswith(("Z", "X")):
                parents[int(entry)] = int(st.get("PPid", 0))
    return parents


def live_descendants(root=None):
    """Live processes below `root` (default: this one)."""
    root = os.getpid() if root is None else root
    parents, found, frontier = _parents(), [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid]
        found += kids
        frontier += kids
    return found


def processes_with(text):
    """Live processes whose command line contains `text`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if text in cmdline and not procs.proc_status(entry).get("State", "Z").startswith("Z"):
                found.append(int(entry))
    return found


@contextmanager
def probe_session(tmp_path, source, functions=("probe",), level=None, **limits):
    """A question session over a one-module submission `q99_probe.py` holding `source`."""
    folder = tmp_path / "probe_sub"
    folder.mkdir(exist_ok=True)
    (folder / "q99_probe.py").write_text(source)
    question = SimpleNamespace(filename="q99_probe.py", functions=[SimpleNamespace(name=f) for f in functions])
    sb = sandbox.Sandbox(folder, prefer=level, limits=replace(sandbox.DEFAULT_LIMITS, **limits))
    session = QuestionSession(sb, question, TimeBudget(sb.limits, len(functions)))
    try:
        yield sb, session
    finally:
        session.close()
        sb.close()


def call(session, fn="probe", *args):
    outcome = CandidateFunction(session, fn)(*args)
    assert outcome.raised is None, outcome.raised
    return outcome.value


def _host_status(session):
    return procs.proc_status(session.worker.pid())


# -- which isolation, and what the results say -------------------------------------------------

@pytest.mark.skipif(shutil.which("bwrap") is None or sandbox.ISOLATION_ENV in os.environ,
                    reason="bubblewrap is not installed, or another level is forced")
def test_bubblewrap_is_used_where_it_is_installed(tmp_path):
    sb = sandbox.Sandbox(tmp_path)
    try:
        assert sb.level == sandbox.BWRAP, sb.unavailable
        assert "the network (own network namespace)" in sb.isolation()["blocks"]
        assert sb.describe().startswith("bubblewrap; blocks: ")
    finally:
        sb.close()


def test_forcing_plain_is_reported_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "plain")
    sb = sandbox.Sandbox(tmp_path)
    try:
        assert sb.level == sandbox.PLAIN
        assert sb.describe().startswith("plain process; blocks: ")
        assert any("the reference, the hidden tests" in s for s in sb.isolation()["does_not_block"])
    finally:
        sb.close()


def test_forcing_a_separate_user_uses_it_or_says_why_not(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "user")
    sb = sandbox.Sandbox(tmp_path)
    try:
        assert sb.level in (sandbox.USER, sandbox.PLAIN)
        assert sandbox.BWRAP not in sb.unavailable   # not even tried: it was not asked for
        if sb.level == sandbox.PLAIN:
            assert f"no {sandbox.USER}: " in sb.describe()
            assert ("not running as root" in sb.describe()) == (os.geteuid() != 0)
        else:
            assert sb.describe().startswith("separate user; blocks: ")
            assert sb.isolation()["worker_python"]
    finally:
        sb.close()


def test_an_unknown_isolation_name_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "chroot")
    with pytest.raises(ValueError, match="GDGRADE_ISOLATION"):
        sandbox.Sandbox(tmp_path)


def test_results_and_report_state_the_isolation_in_force(tmp_path, monkeypatch):
    from gdgrade.cli import main
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "plain")
    sub = reference_submission(tmp_path / "sub", ["q01"])
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    assert main(["grade", str(sub), "--json", str(out), "--html", str(html), "--questions", "q01",
                 "--allow-unsandboxed"]) == 0
    doc = json.loads(out.read_text())
    assert "Isolation: plain process; blocks: " in doc["output"]
    assert doc["isolation"]["level"] == sandbox.PLAIN and doc["isolation"]["does_not_block"]
    page = html.read_text()       # the staff report: the level in one sentence, then what it does not block
    assert "Candidate code ran in a plain process (no sandbox)." in page
    assert all(phrase in page for phrase in doc["isolation"]["does_not_block"])
    assert doc["score"] == 10


# -- identity, namespaces and limits, checked from outside --------------------------------------

@needs_sandbox
def test_sandboxed_worker_is_uid_65534_without_capabilities_in_its_own_pid_namespace(tmp_path):
    with probe_session(tmp_path, "import os\ndef probe():\n    return [os.getuid(), os.getgid(), os.getpid()]") as (sb, s):
        uid, gid, pid = call(s)
        st = _host_status(s)
        assert (uid, gid) == (65534, 65534)
        assert st["Uid"].split("\t") == ["65534"] * 4 and st["Gid"].split("\t") == ["65534"] * 4
        assert int(st["CapEff"], 16) == int(st["CapPrm"], 16) == int(st["CapAmb"], 16) == 0
        assert st["NoNewPrivs"] == "1"
        ns_pids = st["NSpid"].split("\t")
        assert len(ns_pids) == 2 and int(ns_pids[1]) == pid != int(ns_pids[0])


@pytest.mark.parametrize("level", ["bwrap", "user", "plain"])
def test_worker_runs_under_the_resource_limits(level, tmp_path):
    with probe_session(tmp_path, "def probe():\n    return 1", level=level) as (sb, s):
        if sb.level != sandbox.LEVEL_NAMES[level]:
            pytest.skip(f"{level} isolation is not available here: {sb.unavailable}")
        assert call(s) == 1
        got = s.worker.limits_in_force()
        lim = sandbox.DEFAULT_LIMITS
        assert got["Max address space"] == lim.address_space
        assert got["Max cpu time"] == lim.cpu_seconds
        assert got["Max file size"] == lim.file_size
        assert got["Max open files"] == lim.open_files
        assert got["Max processes"] == lim.processes
        assert got["Max core file size"] == 0


# -- what a sandboxed worker can see and do -----------------------------------------------------

_SEES = r'''
import importlib, os, socket, sys

SECRET_NAMES = {"test_hidden.py", "question.yaml", "report.html.j2", "shared.py"}

def walk():
    found, seen = [], 0
    for top, dirs, files in os.walk("/"):
        if top in ("/proc", "/sys", "/dev"):
            dirs[:] = []
            continue
        seen += len(files)
        for f in files:
            path = os.path.join(top, f)
            if (f in SECRET_NAMES and ("pack" in top or "grader" in top)) or f in SECRET_NAMES - {"shared.py"} \
                    or (f == "q01_perturb.py" and not top.startswith("/submission")) \
                    or (f == "scoring.py" and top.endswith("grader")):
                found.append(path)
    return found, seen

def probe(host_paths, port):
    out = {"uid": os.getuid(), "root": sorted(os.listdir("/")), "cwd": os.getcwd(), "path": sys.path}
    out["imports"] = {}
    for name in ("reference", "grader", "gdgrade", "yaml", "jinja2", "pytest", "gdkit.models", "numpy"):
        try:
            importlib.import_module(name)
            out["imports"][name] = True
        except ImportError:
            out["imports"][name] = False
    out["host_paths"] = {p: os.path.exists(p) for p in host_paths}
    out["secrets"], out["files_seen"] = walk()
    with open("/proc/1/cmdline", "rb") as fh:
        out["pid1"] = fh.read().decode("utf-8", "replace")
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as fh:
        out["parent"] = fh.read().decode("utf-8", "replace")
    out["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    out["writable"] = {}
    for place in ("/", "/usr", "/opt/gdgrade/gdkit", "/submission", "/dev/shm", "/dev", "/scratch", "/tmp",
                  os.path.dirname(sys.executable)):
        try:
            with open(os.path.join(place, "probe_write.txt"), "w") as fh:
                fh.write("x")
            out["writable"][place] = True
        except OSError:
            out["writable"][place] = False
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        out["clear_refs"] = True
    except OSError:
        out["clear_refs"] = False
    out["network"] = {}
    for host in ("127.0.0.1", "::1", "8.8.8.8"):
        try:
            socket.create_connection((host, port if host != "8.8.8.8" else 53), timeout=1).close()
            out["network"][host] = True
        except OSError:
            out["network"][host] = False
    out["interfaces"] = [name for _, name in socket.if_nameindex()]
    return out
'''


@needs_sandbox
def test_sandbox_sees_no_grader_reference_or_host_and_writes_only_scratch(tmp_path):
    import gdgrade
    from gdgrade import reference
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    host_paths = [str(ROOT), str(Path(gdgrade.__file__).parent), str(Path(reference.__file__).parent),
                  str(tmp_path), sys.prefix, "/etc/passwd", "/work", "/home", str(Path.home() / ".ssh")]
    try:
        with probe_session(tmp_path, _SEES, max_call_seconds=60) as (sb, s):
            got = CandidateFunction(s, "probe").with_timeout(60)(host_paths, listener.getsockname()[1]).value
    finally:
        listener.close()
    assert got["uid"] == 65534
    assert got["imports"] == {"reference": False, "grader": False, "gdgrade": False, "yaml": False, "jinja2": False,
                              "pytest": False, "gdkit.models": True, "numpy": True}
    assert got["secrets"] == [] and got["files_seen"] > 1000   # the walk did run
    assert not any(got["host_paths"].get(p) for p in host_paths if p != sys.prefix), got["host_paths"]
    assert set(got["root"]) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "opt", "proc", "dev",
                                "submission", "scratch", "tmp", *Path(sys.base_prefix).parts[1:2]}
    assert got["path"][0] == "/submission" and "/opt/gdgrade" in got["path"]
    for text in (str(ROOT), str(tmp_path), "--json"):
        assert text not in got["pid1"] and text not in got["parent"]
    assert got["processes"] == [1, 2]
    assert got["writable"] == {"/": False, "/usr": False, "/opt/gdgrade/gdkit": False, "/submission": False,
                               "/dev/shm": False, "/dev": False, "/scratch": True, "/tmp": True,
                               os.path.dirname(str(host.python_path())): False}
    assert got["clear_refs"] is False
    assert got["network"] == {"127.0.0.1": False, "::1": False, "8.8.8.8": False}
    assert got["interfaces"] == ["lo"]


_COUNTS_CHILDREN = '''
import os, time
def probe(n):
    made = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        made += 1
    return made
'''


@needs_sandbox
def test_process_limit_counts_only_the_sandbox_and_binds_even_as_root(tmp_path):
    # This machine has far more than 4 processes (of root, when the grader runs as root);
    # RLIMIT_NPROC would be ignored for root and count every process of a shared uid.
    assert len([p for p in os.listdir("/proc") if p.isdigit()]) > 4
    with probe_session(tmp_path, _COUNTS_CHILDREN, processes=4) as (sb, s):
        assert call(s, "probe", 20) == 3    # the worker itself is the fourth
    with probe_session(tmp_path, _COUNTS_CHILDREN) as (sb, s):
        assert call(s, "probe", 20) == 0    # the default: no processes, no threads


_DETACHES = '''
import os
def probe(marker):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", marker])
        os._exit(0)
    os.wait()
    return True
'''


@pytest.mark.parametrize("level", ["bwrap", "user"])
def test_detached_double_forked_process_dies_with_its_worker(level, tmp_path):
    marker = f"{40 + time.monotonic_ns() % 997 / 1000:.3f}"
    with probe_session(tmp_path, _DETACHES, level=level, processes=8) as (sb, s):
        if sb.level == sandbox.PLAIN or (level == "bwrap" and sb.level != sandbox.BWRAP):
            pytest.skip(f"{level} isolation is not available here: {sb.unavailable}")
        assert call(s, "probe", marker) is True
        deadline = time.monotonic() + 5
        while not processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_with(marker), "the detached sleeper did not start"
    assert processes_with(marker) == []


_PRINTS = '''
import os, sys
for _ in range(100):
    print("x" * (1 << 20))
for _ in range(100):
    try:
        os.write(1, b"y" * (1 << 20))
    except OSError:
        break
def probe():
    return 1
'''


def test_output_is_capped_in_python_and_on_disk(tmp_path):
    with probe_session(tmp_path, _PRINTS, level="plain") as (sb, s):
        assert call(s) == 1
        size = s.worker.output_path.stat().st_size
        text = s.worker.output()
    lim = sandbox.DEFAULT_LIMITS
    assert size <= lim.file_size
    assert text.startswith("x" * 4000)
    # Python-level printing stopped at its cap; raw writes stopped at the file-size limit.
    assert lim.output_bytes < size


_FILLS = '''
import os
def probe(where, prefix):
    written = 0
    for k in range(1000):
        try:
            with open(os.path.join(where, f"{prefix}{k}"), "wb") as fh:
                fh.write(b"z" * (1 << 20))
            written += 1 << 20
        except OSError as exc:
            return written, type(exc).__name__
    return written, None
'''


@needs_sandbox
def test_scratch_space_is_capped(tmp_path):
    with probe_session(tmp_path, _FILLS) as (sb, s):
        written, error = call(s, "probe", "/scratch", "a")
        assert written <= sandbox.DEFAULT_LIMITS.scratch_bytes and error == "OSError"
        written_tmp, error = call(s, "probe", "/tmp", "b")
        assert written_tmp == 0 and error == "OSError"   # /tmp is the same, already full, scratch folder


_ALLOCATES = '''
import numpy as np
def probe(nbytes):
    try:
        a = np.ones(nbytes // 8)
        return int(a.nbytes)
    except MemoryError:
        return "MemoryError"
'''


def test_memory_limit_allows_the_packs_work_but_not_a_bomb(tmp_path):
    with probe_session(tmp_path, _ALLOCATES, level="plain") as (sb, s):
        assert call(s, "probe", 600 << 20) == 600 << 20
        assert call(s, "probe", 6 << 30) == "MemoryError"
        assert call(s, "probe", 2 << 30) == "MemoryError"


_SPINS = '''
def probe():
    while True:
        pass
'''


def test_cpu_limit_ends_a_worker_that_spins(tmp_path):
    with probe_session(tmp_path, _SPINS, level="plain", cpu_seconds=1, call_seconds=20,
                       lost_seconds=30) as (sb, s):
        start = time.monotonic()
        with pytest.raises(SubmissionProblem, match="SIGXCPU"):
            CandidateFunction(s, "probe")()
        assert time.monotonic() - start < 10


def test_a_function_that_keeps_timing_out_fails_the_rest_at_once(tmp_path):
    with probe_session(tmp_path, _SPINS + "\ndef other():\n    return 2\n", functions=("probe", "other"),
                       level="plain", call_seconds=0.5, lost_seconds=0.8) as (sb, s):
        with pytest.raises(SubmissionProblem, match=r"did not finish within 0.5 s \(the wall-time limit"):
            CandidateFunction(s, "probe")()
        with pytest.raises(SubmissionProblem, match="may lose to calls that do not finish|imported again"):
            CandidateFunction(s, "probe")()
        start = time.monotonic()
        with pytest.raises(SubmissionProblem, match="so this test was not run"):
            CandidateFunction(s, "probe")()
        assert time.monotonic() - start < 0.1
        assert call(s, "other") == 2   # another function keeps its own allowance


def test_slow_but_finishing_calls_cost_no_allowance(tmp_path):
    source = "import time\ndef probe(t):\n    time.sleep(t)\n    return t\n"
    with probe_session(tmp_path, source, level="plain", call_seconds=1.0, lost_seconds=0.5) as (sb, s):
        for _ in range(3):
            assert call(s, "probe", 0.6) == 0.6
        assert s.budget.lost["probe"] < 0.5


def test_the_whole_submission_has_a_time_limit(tmp_path):
    source = _SPINS + "\ndef other():\n    while True:\n        pass\n"
    # After the first call (0.5 s) less than one call's limit is left of the pool, so the pool cuts the
    # second call short. What the first call costs beyond its 0.5 s (stopping the worker, starting the
    # next) may take 0.45 s on a loaded machine before the pool is gone (it took over 0.3 s once).
    with probe_session(tmp_path, source, functions=("probe", "other"), level="plain", call_seconds=0.5,
                       lost_seconds=10, submission_seconds=0.95) as (sb, s):
        with pytest.raises(SubmissionProblem, match="did not finish within 0.5 s"):
            CandidateFunction(s, "probe")()
        with pytest.raises(SubmissionProblem, match="this question may wait on its workers|imported again"):
            CandidateFunction(s, "other")()
        with pytest.raises(SubmissionProblem, match="already took its 0.95 s"):
            CandidateFunction(s, "other")()


def test_hidden_tests_may_ask_for_longer_calls_up_to_a_ceiling(tmp_path):
    source = _SPINS + "\ndef other():\n    return 2\n"
    with probe_session(tmp_path, source, functions=("probe", "other"), level="plain", call_seconds=0.2,
                       max_call_seconds=0.6, lost_seconds=0.3) as (sb, s):
        assert call(s, "other") == 2   # the worker's start is charged to `other`
        start = time.monotonic()
        with pytest.raises(SubmissionProblem, match="did not finish within 0.6 s"):
            CandidateFunction(s, "probe").with_timeout(5)()
        assert 0.6 <= time.monotonic() - start < 2


# -- the view of the machine a sandbox gets ------------------------------------------------------

def test_package_folders_inside_the_visible_system_are_hidden():
    binds = bwrap.bwrap_binds()
    mounted = [Path(binds[k + 2]) for k, a in enumerate(binds) if a == "--ro-bind"]
    hidden = [Path(binds[k + 1]) for k, a in enumerate(binds) if a == "--tmpfs"]
    import gdgrade
    from gdgrade import reference
    for secret in (Path(gdgrade.__file__).resolve().parent, Path(reference.__file__).resolve().parent):
        visible = any(m == secret or m in secret.parents for m in mounted if not str(m).startswith("/opt"))
        if visible:
            assert any(h == secret or h in secret.parents for h in hidden), secret
    prefix_site = sorted(Path(sys.base_prefix).resolve().glob("lib/python3*/site-packages"))
    for site in prefix_site:
        assert site in hidden


def test_missing_parent_folders_are_created_explicitly():
    argv = bwrap.with_parent_dirs(["--ro-bind", "/a", "/x/y/z", "--tmpfs", "/x/y/z/w", "--proc", "/proc"])
    assert argv == ["--dir", "/x", "--dir", "/x/y", "--ro-bind", "/a", "/x/y/z", "--tmpfs", "/x/y/z/w",
                    "--proc", "/proc"]


def test_reference_grades_the_same_at_every_level(tmp_path, monkeypatch):
    sub = reference_submission(tmp_path / "sub", ["q01"])
    scores = {}
    for level in ("plain", "user", "bwrap"):
        monkeypatch.setenv(sandbox.ISOLATION_ENV, level)
        results = grade(sub, 0, ["q01"], allow_unsandboxed=True)[1]
        scores[results.meta["isolation_level"]] = (results.score, [t.feedback for t in results.tests if not t.passed])
    assert all(v == (10, []) for v in scores.values()), scores


def test_the_submission_copy_takes_folders_and_regular_files_only(tmp_path):
    """A link in a submission to the reference (or to /dev/zero) or a FIFO must not bring the grader's
    files into the workers' view, nor stall the copy: none of them is copied."""
    from gdgrade.sandbox.host import readable_copy
    src = tmp_path / "sub"
    (src / "deep").mkdir(parents=True)
    (src / "q01_perturb.py").write_text("x = 1\n")
    (src / "deep" / "notes.txt").write_text("mine\n")
    (src / "leak.py").symlink_to(REFERENCE / "q01_perturb.py")
    (src / "reference").symlink_to(REFERENCE, target_is_directory=True)
    (src / "zero").symlink_to("/dev/zero")
    os.mkfifo(src / "pipe")
    copy = readable_copy(src, tmp_path / "copy")
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == ["deep", "deep/notes.txt",
                                                                             "q01_perturb.py"]
    assert (copy / "q01_perturb.py").read_text() == "x = 1\n"


def test_a_probe_started_early_is_the_same_probe_run_once(monkeypatch):
    """probe_soon runs a level's probe in a thread; probe() waits for it and says what it found,
    and raises in the caller what the probe raised."""
    import importlib
    import threading
    probe = importlib.import_module("gdgrade.sandbox.probe")   # the package's name `probe` is the function
    ran = []
    monkeypatch.setattr(probe, "_PROBES", {})
    monkeypatch.setitem(probe._PROBERS, "early", lambda: ran.append(threading.current_thread()) or "why not")
    monkeypatch.setitem(probe._PROBERS, "broken", lambda: 1 / 0)
    probe.probe_soon("early")
    assert probe.probe("early") == "why not" and probe.probe("early") == "why not"
    assert len(ran) == 1 and ran[0] is not threading.current_thread()
    probe.probe_soon("broken")
    with pytest.raises(ZeroDivisionError):
        probe.probe("broken")
