"""Self-study: gdgrade check (and --watch), hint, explain, as a learner uses them."""

import html
import json
import re
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import CHALLENGES, REFERENCE, WRONG, mutant_submission
from gdgrade.cli import grade, main
from gdgrade.intake.entries import load
from gdgrade.pack import load_pack
from gdgrade.report import render
from gdgrade.selfstudy.state import hints_path, read_hints
from gdgrade.selfstudy.terminal import Style, wants_colour

FAST = ("q07", "q08", "q09")        # the quickest questions to grade (about 0.15 s each)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A learner's working folder: ./challenges with the stubs, as in the kit; cwd is its parent."""
    shutil.copytree(CHALLENGES, tmp_path / "challenges")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path / "challenges"


def solve(folder, *qids):
    for qid in qids:
        path = next(REFERENCE.glob(f"{qid}_*.py"))
        shutil.copy(path, folder / path.name)


def check(capsys, *argv):
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_check_on_the_stubs_says_not_implemented_once_per_function_and_what_to_do_next(work, capsys):
    status, out, err = check(capsys, "q08", "q09")
    assert status == 1 and err == ""
    assert out.startswith("Isolation: ")
    for name in ("classify_critical_point", "dead_relu_units", "revived_coordinates"):
        assert out.count(f"{name} is not implemented yet") == 1
    assert out.splitlines()[-1] == ("Next: q08 classify_critical_point. "
                                    "Stuck? gdgrade hint q08 classify_critical_point")
    assert "\033[" not in out                       # not a terminal: plain text


def test_check_passes_with_status_0_on_solved_questions(work, capsys):
    solve(work, *FAST)
    status, out, _ = check(capsys, *FAST)
    assert status == 0
    top = sum(load_pack().question(q).points for q in FAST)
    assert f"total {top} / {top}" in out
    assert out.splitlines()[-1] == "Everything checked passes. gdgrade explain q07 shows what the experiment means."
    assert "✗" not in out


def test_check_of_one_function_shows_that_function_only(work, capsys):
    solve(work, "q09")
    status, out, _ = check(capsys, "revived_coordinates")
    assert status == 0
    assert "revived_coordinates" in out and "dead_relu_units" not in out


def test_check_shows_each_failed_check_with_its_feedback(work, capsys):
    mutant = next(WRONG.glob("q09_*.py"))
    mutant_submission(work, mutant)
    status, out, _ = check(capsys, "q09")
    assert status == 1
    failed = [line for line in out.splitlines() if line.startswith("    ✗ ")]
    assert failed, out
    feedback_lines = [line for line in out.splitlines() if line.startswith("        ")]
    assert feedback_lines                       # every failed check is followed by its feedback


def test_a_syntax_error_is_one_line_with_its_place(work, capsys):
    (work / "q08_critical_points.py").write_text("def classify_critical_point(:\n")
    status, out, _ = check(capsys, "q08")
    assert status == 1
    assert out.count("could not be imported: SyntaxError (line 1)") == 1


@pytest.mark.parametrize("argv, words", [
    (["check", "q99"], "unknown question or function 'q99'"),
    (["check", "--path", "nowhere"], "--path nowhere is not a folder"),
    (["hint", "q01", "nope"], "q01 has no function 'nope'"),
    (["hint", "q42"], "unknown question 'q42'"),
    (["check", "--lang", "fr"], "invalid choice: 'fr'"),
])
def test_usage_mistakes_are_one_line_with_status_2(argv, words, work, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and words in err


def test_without_a_working_folder_check_says_where_to_run_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no challenges/ folder here" in capsys.readouterr().err


def test_inside_the_challenges_folder_check_grades_it(work, monkeypatch, capsys):
    solve(work, "q07")
    monkeypatch.chdir(work)
    status, out, _ = check(capsys, "q07")
    assert status == 0


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    class Tty:
        def isatty(self):
            return True
    assert wants_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(Tty())
    assert Style(True)("pass", "ok") == "\033[32mok\033[0m" and Style(False)("pass", "ok") == "ok"


def test_hints_come_one_stage_at_a_time_and_are_recorded(work, capsys):
    stages = load_pack().question("q01").function("perturb_and_measure").hints
    assert main(["hint", "q01"]) == 0
    out = capsys.readouterr().out
    assert f"1 of {len(stages)}." in out and f"2 of {len(stages)}." not in out
    assert "gdgrade hint q01 perturb_and_measure --more" in out
    assert main(["hint", "q01"]) == 0                       # asking again shows the same stage
    assert "2 of" not in capsys.readouterr().out
    for _ in range(len(stages) + 1):                        # past the last stage: it stays at the last
        assert main(["hint", "q01", "perturb_and_measure", "--more"]) == 0
    out = capsys.readouterr().out
    assert "That was the last hint" in out
    assert read_hints(work) == {"q01": {"perturb_and_measure": len(stages)}}
    assert json.loads(hints_path(work).read_text())["version"] == 1


def test_hints_in_korean(work, capsys):
    assert main(["hint", "q01", "partial_derivative", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    korean = load_pack().question("q01").function("partial_derivative").hints[0]["ko"]
    assert korean in out.replace("\n   ", " ") or korean.split()[0] in out


def test_a_broken_state_file_only_forgets_the_hints(work, capsys):
    hints_path(work).parent.mkdir()
    hints_path(work).write_text("{not json")
    assert read_hints(work) == {}
    assert main(["hint", "q09"]) == 0
    assert read_hints(work) == {"q09": {"dead_relu_units": 1}}


def test_check_and_a_later_grade_report_the_hints_used(work, capsys):
    solve(work, "q09")
    main(["hint", "q09", "revived_coordinates"])
    main(["hint", "q09", "revived_coordinates", "--more"])
    capsys.readouterr()
    _, out, _ = check(capsys, "q09")
    assert "hints used: 2" in out
    pack, results = grade(work, 0, ["q09"])
    assert results.meta["hints_used"] == [("q09", "revived_coordinates", 2)]
    assert "2 hints used on revived_coordinates" in render(results, pack, audience="staff")
    assert "hints used on" not in render(results, pack, audience="candidate")   # not on the candidate's own page
    assert results.to_gradescope()["extra_data"]["hints_used"] == [
        {"question": "q09", "function": "revived_coordinates", "stages": 2}]


def test_a_batch_entry_keeps_its_hints_record(work):
    main(["hint", "q09"])
    modules = [q.filename for q in load_pack().questions]
    sub = load(work, modules)
    assert json.loads(sub.files[".gdgrade/hints.json"])["hints"] == {"q09": {"dead_relu_units": 1}}


def test_the_report_shows_a_candidate_one_hint_stage_and_how_to_get_the_next_and_staff_every_stage(work):
    pack, results = grade(work, 0, ["q01"])
    page = html.unescape(render(results, pack, audience="candidate"))
    stages = pack.question("q01").function("perturb_and_measure").hints
    assert stages[0]["en"] in page
    assert stages[1]["en"] not in page
    assert "gdgrade hint q01 perturb_and_measure --more" in page
    staff = html.unescape(render(results, pack, audience="staff"))
    assert all(stage["en"] in staff for stage in stages) and "--more" not in staff


def test_explain_shows_a_solved_question_with_corrections(work, capsys):
    solve(work, "q07")
    assert main(["explain", "q07"]) == 0
    out = capsys.readouterr().out
    q = load_pack().question("q07")
    assert out.startswith(f"q07  {q.title['en']}")
    assert all("→ " in out for m in q.misconceptions if m["correction"])


def test_explain_refuses_an_unsolved_question_without_a_terminal(work, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert main(["explain", "q08"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "not solved yet (0 / 10)" in err and "--force" in err
    assert main(["explain", "q08", "--force", "--lang", "ko"]) == 0
    assert load_pack().question("q08").title["ko"] in capsys.readouterr().out


def test_explain_asks_on_a_terminal(work, capsys, monkeypatch):
    class Tty:
        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Tty())
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["explain", "q08"]) == 1
    assert main(["explain", "q08"]) == 0
    assert "q08" in capsys.readouterr().out


class Session:
    """gdgrade check --watch in a child process, its output read line by line."""

    def __init__(self, cwd, *argv):
        env = dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1")
        # SIGINT back to its default in the child: a shell's background job (CI runners, `cmd &`)
        # starts with it ignored, and then Python installs no KeyboardInterrupt for Ctrl-C.
        self.proc = subprocess.Popen([sys.executable, "-m", "gdgrade.cli", "check", "--watch", *argv], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.seen = []

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, words, timeout=60):
        """Lines read until one containing `words`; fails the test after `timeout` s."""
        end, got = time.monotonic() + timeout, []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            got.append(line)
            if words in line:
                self.seen += got
                return got
        raise AssertionError(f"no line with {words!r} in:\n" + "\n".join(self.seen + got))

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=30)


def _save(path, text):
    """Write like an editor, and make sure the modification time moves even on coarse clocks."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_watch_regrades_only_the_saved_question_and_shows_what_changed(work):
    session = Session(work.parent, "q07", "q08")
    try:
        session.until("Next: q07")
        _save(work / "q07_per_example.py", (REFERENCE / "q07_per_example.py").read_text())
        changed = session.until("total ")
        assert any("q07_per_example.py changed" in line for line in changed)
        assert any(line.startswith("✓ q07") and "now passes" in line for line in changed)
        assert not any("q08" in line for line in changed[:-1])          # q08 was not graded again
        _save(work / "q07_per_example.py", "def per_example_gradients(:\n")     # a syntax error mid-edit
        broken = session.until("total ")
        assert sum("could not be imported: SyntaxError" in line for line in broken) == 1   # once for its two functions
        _save(work / "q07_per_example.py", (REFERENCE / "q07_per_example.py").read_text())
        session.until("now passes")
    finally:
        status = session.stop()
    assert status == 0
    session.until("Stopped watching.")


def test_check_in_korean_says_everything_in_korean(work, capsys):
    mutant_submission(work, next(WRONG.glob("q09_*.py")))
    status, out, _ = check(capsys, "q08", "q09", "--lang", "ko")
    assert status == 1
    assert "classify_critical_point 함수는 아직 구현되지 않았습니다" in out
    assert "합계" in out and "다음:" in out
    # Apart from code, numbers and the level's name, no English phrase is left.
    words = re.findall(r"[A-Za-z]{3,}(?: [A-Za-z]{3,})+", re.sub(r"\S*_\S*|gdgrade \w+ \S+", "", out))
    assert [w for w in words if w not in ("NotImplementedError",)] == [], out


@pytest.mark.parametrize("make", ["fifo", "link", "huge", "odd values"])
def test_grade_reads_a_hostile_hints_record_as_nothing(work, make):
    path = hints_path(work)
    path.parent.mkdir()
    if make == "fifo":
        os.mkfifo(path)                                  # a read would block the grader
    elif make == "link":
        path.symlink_to("/dev/zero")
    elif make == "huge":
        path.write_text('{"hints": {"q09": {"dead_relu_units": 1}}, "pad": "' + "x" * (1 << 20) + '"}')
    else:
        path.write_text('{"hints": {"q09": {"dead_relu_units": 1e309, "revived_coordinates": "2"}}}')
    assert read_hints(work) == {}
    assert grade(work, 0, ["q09"])[1].meta["hints_used"] == []
