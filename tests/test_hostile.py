"""Hostile submissions: each is a reference module with one threat added (tests/submissions/hostile/).

For every threat the grader finishes, the hostile function loses its points where it
must, every other function keeps full marks, and nothing escapes: no process of the
worker survives, no file appears outside the scratch folder, results.json is not
replaced afterwards, and the reference stays unreadable. The cases that a plain
process cannot stop (reading files, the network, strays) run only inside the sandbox.
"""

import json
import os
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, SUBMISSIONS, function_scores
from gdgrade import sandbox
from gdgrade.cli import EXIT_OK, EXIT_USAGE, grade, main
from gdgrade.i18n import say, translator
from gdgrade.pack import load_pack
from test_sandbox import SANDBOXED, live_descendants, processes_with

HOSTILE = SUBMISSIONS / "hostile"
needs_sandbox = pytest.mark.skipif(not SANDBOXED, reason="bubblewrap is not available here")


def _field(path, name):
    for line in path.read_text().splitlines():
        if line.startswith(f"{name} = "):
            value = line.split("=", 1)[1].strip().strip("\"'")
            return None if value == "None" else value
    raise ValueError(f"{path.name} has no {name} line")


def hostile_submission(folder, name, others=(), **fill):
    """The reference module of the hostile file's question with the file appended and its
    placeholders (__REPO__, __MARKER__, ...) filled in, plus the reference modules of `others`."""
    path = HOSTILE / name
    qid = name[:3]
    module = next(REFERENCE.glob(f"{qid}_*.py"))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = path.read_text()
    for key, value in fill.items():
        text = text.replace(f"__{key.upper()}__", str(value))
    (folder / module.name).write_text(module.read_text() + f"\n\n# --- hostile: {name} ---\n" + text)
    for other in others:
        ref = next(REFERENCE.glob(f"{other}_*.py"))
        (folder / ref.name).write_text(ref.read_text())
    return folder


def _other_question():
    """A second question with hidden tests, graded alongside to show it is unaffected."""
    return next(q.id for q in load_pack().questions if q.id != "q01")


@pytest.fixture
def limits(monkeypatch):
    """limits(**changes): grade with these limits instead of the defaults."""

    def _set(**changes):
        monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", replace(sandbox.DEFAULT_LIMITS, **changes))

    return _set


@pytest.fixture
def no_escape():
    """After the test: no process started by this one is left (sandbox or not)."""
    before = set(live_descendants())
    yield
    deadline = time.monotonic() + 5
    while set(live_descendants()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(live_descendants()) - before == set()


def _marker():
    """A unique sleep duration, to find a hostile's processes by their command line."""
    return f"{3 + time.monotonic_ns() % 997 / 1000:.3f}"


def _check(results, qid, breaks, others=()):
    """The hostile function (or the whole module for "*") lost points; everything else is full."""
    scores = function_scores(results)
    assert all(not t.internal_error for t in results.tests), [t.internal_error for t in results.tests]
    for (q, fn), (got, most) in scores.items():
        if q == qid and (breaks == "*" or fn == breaks):
            assert got < most, f"{fn} kept all {most} points"
        else:
            assert got == most, f"{q} {fn} lost points: {[t.feedback for t in results.tests if t.function == fn]}"
    assert {q for q, _ in scores} == {qid, *others}


def _feedback(results, fn):
    return [t.feedback for t in results.tests if t.function == fn and not t.passed]


# -- time ----------------------------------------------------------------------------------

def test_infinite_loop_costs_one_function_at_the_real_default_limits(tmp_path, no_escape):
    """The real defaults: 10 s per call, 12 s per function; the other function is untouched."""
    sub = hostile_submission(tmp_path / "sub", "q01_infinite_loop.py")
    start = time.monotonic()
    results = grade(sub, 0, ["q01"])[1]
    elapsed = time.monotonic() - start
    _check(results, "q01", "perturb_and_measure")
    assert function_scores(results)[("q01", "perturb_and_measure")][0] == 0
    feedback = _feedback(results, "perturb_and_measure")
    assert "did not finish within 10 s (the wall-time limit of one call)" in feedback[0]
    assert "may lose to calls that do not finish" in feedback[1]
    assert all("so this test was not run" in f for f in feedback[2:])
    assert elapsed < sandbox.DEFAULT_LIMITS.lost_seconds + 8, elapsed


def test_sleeping_forever_is_stopped_by_wall_time(tmp_path, limits, no_escape):
    limits(call_seconds=1.0, lost_seconds=2.0)
    sub = hostile_submission(tmp_path / "sub", "q01_sleeps_forever.py")
    results = grade(sub, 0, ["q01"])[1]
    _check(results, "q01", "partial_derivative")
    assert function_scores(results)[("q01", "partial_derivative")][0] == 0


def test_loop_at_import_fails_the_question_once_and_the_next_question_is_graded(tmp_path, limits, no_escape):
    limits(start_seconds=2.0)
    other = _other_question()
    sub = hostile_submission(tmp_path / "sub", "q01_loop_at_import.py", others=[other])
    start = time.monotonic()
    results = grade(sub, 0, ["q01", other])[1]
    _check(results, "q01", "*", [other])
    assert all("did not finish importing within 2 s" in t.feedback for t in results.tests if t.question == "q01")
    assert time.monotonic() - start < 15


# -- crashes and exits ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["q01_sys_exit.py", "q01_keyboard_interrupt.py", "q01_os_exit_in_call.py",
                                  "q01_segfault.py", "q01_allocates_6gib.py", "q01_huge_return.py"])
def test_crash_exit_or_resource_bomb_costs_only_that_function(name, tmp_path, no_escape):
    breaks = _field(HOSTILE / name, "BREAKS")
    results = grade(hostile_submission(tmp_path / "sub", name), 0, ["q01"])[1]
    _check(results, "q01", breaks)
    assert function_scores(results)[("q01", breaks)][0] == 0
    feedback = " ".join(_feedback(results, breaks))
    expected = {"q01_sys_exit.py": "raised SystemExit", "q01_keyboard_interrupt.py": "raised KeyboardInterrupt",
                "q01_os_exit_in_call.py": "exited with status 0", "q01_segfault.py": "SIGSEGV",
                "q01_allocates_6gib.py": "MemoryError", "q01_huge_return.py": "larger than the size limit"}[name]
    assert expected in feedback, feedback


def test_turning_hostile_on_the_figures_input_costs_nothing_and_the_reference_draws_it(tmp_path, limits,
                                                                                       no_escape):
    """A function right on every hidden input that hangs on the figure's input: full marks (drawing
    comes after the last test), the hang ends at the call's time limit, and the reference draws the
    picture, saying why."""
    limits(call_seconds=2.0)
    folder = hostile_submission(tmp_path / "sub", "q01_hostile_on_figure_input.py")
    _, results = grade(folder, 0, ["q01"], draw=True)
    _check(results, "q01", None)
    drawn = results.meta["figures"]["q01"]
    assert drawn["by"] == "reference"
    assert say(drawn["why"], translator("en")) == ("perturb_and_measure did not finish within 2 s (the wall-time "
                                                   "limit of one call); the worker was stopped.")


def test_os_exit_at_import_fails_that_question_only(tmp_path, no_escape):
    other = _other_question()
    sub = hostile_submission(tmp_path / "sub", "q01_exits_at_import.py", others=[other])
    results = grade(sub, 0, ["q01", other])[1]
    _check(results, "q01", "*", [other])
    assert all("ended while importing it (exited with status 0)" in t.feedback
               for t in results.tests if t.question == "q01")


# -- forged and doctored results -------------------------------------------------------------

def test_forged_printed_results_mean_nothing(tmp_path, no_escape):
    sub = hostile_submission(tmp_path / "sub", "q01_forged_output.py")
    out = tmp_path / "results.json"
    assert main(["grade", str(sub), "--json", str(out), "--questions", "q01"]) == EXIT_OK
    assert "FORGED" not in out.read_text()
    doc = json.loads(out.read_text())
    by_function = {}
    for t in doc["tests"]:
        got, most = by_function.get(t["tags"][1], (0, 0))
        by_function[t["tags"][1]] = (got + t["score"], most + t["max_score"])
    assert by_function["partial_derivative"] == (4, 4)
    assert by_function["perturb_and_measure"][0] < 6
    assert doc["score"] == sum(got for got, _ in by_function.values())


@pytest.mark.parametrize("name", ["q01_doctored_ndarray.py", "q01_doctored_array_like.py",
                                  "q01_patches_numpy.py", "q01_hides_copy.py", "q10_doctored_float.py"])
def test_doctored_values_and_patched_checks_do_not_pass(name, tmp_path, no_escape):
    qid, breaks = name[:3], _field(HOSTILE / name, "BREAKS")
    results = grade(hostile_submission(tmp_path / "sub", name), 0, [qid])[1]
    _check(results, qid, breaks)
    failed = {t.name for t in results.tests if t.function == breaks and not t.passed}
    feedback = " ".join(_feedback(results, breaks))
    if name == "q01_patches_numpy.py":
        assert {"test_restores_weights_bitwise", "test_no_copy_of_30m_weights"} <= failed
        assert "w was modified" in feedback
    elif name == "q01_hides_copy.py":
        assert failed == {"test_no_copy_of_30m_weights"}
        assert "it copies w" in feedback
    else:
        assert "expected a numpy.ndarray" in feedback or "expected a float" in feedback, feedback


def test_output_flood_is_capped_and_costs_nothing(tmp_path, no_escape):
    start = time.monotonic()
    results = grade(hostile_submission(tmp_path / "sub", "q01_floods_output.py"), 0, ["q01"])[1]
    _check(results, "q01", None)
    assert time.monotonic() - start < 60


# -- escaping the sandbox, at each level that can stop it ------------------------------------

@pytest.fixture(params=["bwrap", "user"])
def walled(request, monkeypatch, tmp_path):
    """Grade at each level with walls: bubblewrap, and the separate user (bubblewrap set aside)."""
    return use_level(request.param, monkeypatch, tmp_path)


def use_level(name, monkeypatch, tmp_path):
    """Make `name` the level grading uses; skip where it cannot run, except on CI for the
    separate-user and plain levels, which CI provides (scripts/setup.sh) and must test."""
    level = sandbox.LEVEL_NAMES[name]
    probe = sandbox.Sandbox(tmp_path, prefer=level)
    got, why = probe.level, probe.unavailable.get(level)
    probe.close()
    if got != level:
        if os.environ.get("CI") and name in ("user", "plain"):
            pytest.fail(f"the {level} level must run on CI: {why}")
        pytest.skip(f"{level} isolation is not available here: {why}")
    monkeypatch.setenv(sandbox.ISOLATION_ENV, name)
    return level


def test_secret_files_are_unreadable(walled, tmp_path, no_escape):
    import gdgrade
    out = tmp_path / "results.json"
    out.write_text("{}")
    sub = hostile_submission(tmp_path / "sub", "q01_reads_secret_files.py", repo=ROOT,
                             site=Path(gdgrade.__file__).resolve().parent, results=out)
    results = grade(sub, 0, ["q01"], private=[str(tmp_path)])[1]
    _check(results, "q01", "partial_derivative")
    # Had it read anything it would have answered with the reference.
    assert all("not implemented" in f for f in _feedback(results, "partial_derivative"))


@needs_sandbox
def test_nothing_of_the_grader_can_be_found_in_the_sandbox(tmp_path, no_escape):
    """Inside bubblewrap not even the paths leak: no import, no file anywhere, no command line."""
    import gdgrade
    out = tmp_path / "results.json"
    sub = hostile_submission(tmp_path / "sub", "q01_reads_secrets.py", repo=ROOT,
                             site=Path(gdgrade.__file__).resolve().parent.parent,
                             submission=tmp_path / "sub", results=out)
    results = grade(sub, 0, ["q01"])[1]
    _check(results, "q01", "partial_derivative")
    assert all("not implemented" in f for f in _feedback(results, "partial_derivative"))


def _detached_writer_leaves_nothing(tmp_path, extra=()):
    """Grade q01_detached_writer; returns the score written, which nothing changed afterwards."""
    marker = _marker()
    out = tmp_path / "results.json"
    sub = hostile_submission(tmp_path / "sub", "q01_detached_writer.py", results=out, marker=marker)
    assert main(["grade", str(sub), "--json", str(out), "--questions", "q01", *extra]) == EXIT_OK
    written = out.read_text()
    assert processes_with(marker) == []
    time.sleep(float(marker) + 1.0)
    assert out.read_text() == written and "HACKED" not in written
    return json.loads(written)["score"]


@pytest.mark.parametrize("processes", [None, 16], ids=["default-limits", "16-processes"])
def test_detached_processes_die_with_the_worker_and_cannot_touch_results(walled, processes, tmp_path, limits,
                                                                         no_escape):
    if processes:
        limits(processes=processes)
    assert _detached_writer_leaves_nothing(tmp_path) == 10.0


def _children_are_reaped(tmp_path, allow_unsandboxed=False):
    """Grade q01_many_children; returns the most processes of it seen alive at once. (Scores are
    checked only with walls: a plain process as root has no process limit, and 200 busy children
    may cost the function its time.)"""
    marker = _marker()
    seen = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.append(len(processes_with(marker)))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        sub = hostile_submission(tmp_path / "sub", "q01_many_children.py", marker=marker)
        results = grade(sub, 0, ["q01"], allow_unsandboxed=allow_unsandboxed)[1]
    finally:
        stop.set()
        watcher.join()
    if not allow_unsandboxed:
        _check(results, "q01", None)
    assert processes_with(marker) == []
    return max(seen)


@pytest.mark.parametrize("processes", [None, 16], ids=["default-limits", "16-processes"])
def test_two_hundred_children_are_capped_and_all_gone_afterwards(walled, processes, tmp_path, limits, no_escape):
    if processes:
        limits(processes=processes)
    assert _children_are_reaped(tmp_path) < (processes or 1)


def test_no_network_even_to_localhost(walled, tmp_path, no_escape):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    got = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                got.append(conn.recv(100))
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        sub = hostile_submission(tmp_path / "sub", "q01_connects_localhost.py", port=server.getsockname()[1])
        results = grade(sub, 0, ["q01"])[1]
    finally:
        stop.set()
        thread.join()
        server.close()
    _check(results, "q01", None)
    assert got == []


def test_writes_outside_scratch_land_nowhere(walled, tmp_path, no_escape):
    marker = _marker()
    sub_dir = tmp_path / "sub"
    sub = hostile_submission(sub_dir, "q01_writes_outside.py", repo=ROOT, submission=sub_dir, marker=marker)
    before = sorted(p.name for p in sub_dir.iterdir())
    results = grade(sub, 0, ["q01"])[1]
    _check(results, "q01", None)
    name = f"pwned_{marker}"
    from gdgrade import gdkit
    places = [sub_dir, ROOT, ROOT / "reference", Path(gdkit.__file__).parent, Path("/usr"), Path.home()]
    if walled == sandbox.BWRAP:   # the separate user can write where every user may (its stated limit)
        places.append(Path("/tmp"))
    for place in places:
        assert not list(place.glob(f"{name}*")), place
    for leftover in Path("/tmp").glob(f"{name}*"):
        leftover.unlink()
    assert sorted(p.name for p in sub_dir.iterdir()) == before


# -- the plain level: no walls, but nothing outlives grading, and only when asked for -------------

def test_plain_level_refuses_without_the_flag_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "plain")
    out = tmp_path / "results.json"
    sub = reference_like(tmp_path / "sub")
    assert main(["grade", str(sub), "--json", str(out), "--questions", "q01"]) == EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("gdgrade: error: no sandbox for candidate code here")
    assert "--allow-unsandboxed" in err[0] and "bubblewrap" in err[0]
    assert not out.exists()


def test_plain_level_leaves_no_stray_and_no_forged_result(monkeypatch, tmp_path, no_escape):
    use_level("plain", monkeypatch, tmp_path)
    _detached_writer_leaves_nothing(tmp_path, ["--allow-unsandboxed"])


def test_plain_level_reaps_every_child(monkeypatch, tmp_path, no_escape):
    use_level("plain", monkeypatch, tmp_path)
    _children_are_reaped(tmp_path, allow_unsandboxed=True)


def reference_like(folder):
    folder.mkdir(parents=True)
    (folder / "q01_perturb.py").write_text((REFERENCE / "q01_perturb.py").read_text())
    return folder
