"""The command line: one-line errors for bad input, valid JSON and HTML, same result twice."""

import json
import shutil

import pytest

from conftest import REFERENCE, WRONG, mutant_submission
from gdgrade.cli import EXIT_OK, EXIT_USAGE, main


def _one_error_line(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("gdgrade: error: "), err
    return err[0]


@pytest.mark.parametrize("argv", [
    ["grade", "does/not/exist"],
    ["grade"],
    ["bogus"],
    ["grade", ".", "--seed", "x"],
    ["grade", ".", "--questions", "q11"],
    ["grade", ".", "--jobs", "0"],
    ["grade", ".", "--json", "no/such/folder/results.json"],
])
def test_usage_errors_are_one_line_with_status_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == EXIT_USAGE
    _one_error_line(capsys)


def test_a_file_instead_of_a_folder_is_a_usage_error(tmp_path, capsys):
    f = tmp_path / "q01_perturb.py"
    f.write_text("")
    assert main(["grade", str(f)]) == EXIT_USAGE
    assert "not a folder" in _one_error_line(capsys)


def test_an_empty_folder_scores_zero_with_missing_file_feedback(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "r.json"
    assert main(["grade", str(empty), "--json", str(out), "--questions", "q01,q03"]) == EXIT_OK
    doc = json.loads(out.read_text())
    assert doc["score"] == 0
    assert all("missing from the submission" in t["output"] for t in doc["tests"])


def test_json_has_the_gradescope_fields_and_html_is_self_contained(tmp_path):
    sub = mutant_submission(tmp_path / "sub", WRONG / "q01_restore_by_subtraction.py")
    out, html = tmp_path / "results.json", tmp_path / "report.html"
    assert main(["grade", str(sub), "--json", str(out), "--html", str(html), "--questions", "q01"]) == EXIT_OK
    doc = json.loads(out.read_text())
    assert {"score", "execution_time", "output", "tests"} <= set(doc)
    assert "Isolation" in doc["output"]
    for t in doc["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility", "tags"} <= set(t)
        assert t["status"] in ("passed", "failed") and t["tags"][0] == "q01"
    failed = [t for t in doc["tests"] if t["status"] == "failed"]
    assert failed and all(t["tags"][1] == "perturb_and_measure" and t["output"] for t in failed)
    assert doc["score"] == sum(t["score"] for t in doc["tests"])
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "w was modified" in page


def test_same_submission_and_seed_give_same_scores_and_feedback(tmp_path):
    sub = mutant_submission(tmp_path / "sub", WRONG / "q01_forward_difference.py")
    docs = []
    for k in range(2):
        out = tmp_path / f"r{k}.json"
        assert main(["grade", str(sub), "--json", str(out), "--questions", "q01", "--seed", "7"]) == EXIT_OK
        doc = json.loads(out.read_text())
        docs.append([(t["name"], t["score"], t["status"], t["output"]) for t in doc["tests"]])
    assert docs[0] == docs[1]


def test_parallel_grading_writes_what_serial_grading_writes(tmp_path):
    """Questions graded at the same time give the same results.json, byte for byte but the time."""
    sub = mutant_submission(tmp_path / "sub", WRONG / "q01_forward_difference.py")
    for module in ("q08_critical_points.py", "q10_plateau.py"):   # right; q09 is missing
        shutil.copy(REFERENCE / module, sub / module)
    (sub / "q05_other_losses.py").write_text("def is_monotone_transform(:\n")
    docs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"r{jobs}.json"
        # q01 and q03 (missing) are one entry of the parallel order: one process grades both.
        assert main(["grade", str(sub), "--json", str(out), "--questions", "q01,q03,q05,q08,q09,q10",
                     "--jobs", jobs]) == EXIT_OK
        doc = json.loads(out.read_text())
        del doc["execution_time"]
        docs.append(json.dumps(doc, sort_keys=True))
    assert docs[0] == docs[1]
    assert 0 < json.loads(docs[0])["score"] < 40


def test_a_syntax_error_is_reported_per_question(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "q01_perturb.py").write_text("def perturb_and_measure(:\n")
    out = tmp_path / "r.json"
    assert main(["grade", str(sub), "--json", str(out), "--questions", "q01"]) == EXIT_OK
    doc = json.loads(out.read_text())
    assert doc["score"] == 0
    assert all("could not be imported: SyntaxError (line 1)" in t["output"] for t in doc["tests"])


def test_version_names_the_package_and_the_contract(capsys):
    from gdgrade import __version__
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"gdgrade {__version__} (challenge contract CHALLENGES.md 1.1)"


def test_the_command_exits_with_mains_status_after_freezing_the_collector(monkeypatch):
    """The console script (gdgrade.cli:run) skips the interpreter's last garbage collections (60 ms of a
    0.45 s run), and exits with what main() returned; main() itself leaves the collector alone."""
    import gc
    from gdgrade import cli
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(cli, "main", lambda argv=None: EXIT_USAGE)
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == EXIT_USAGE and frozen == [True]
    frozen.clear()
    monkeypatch.undo()
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    with pytest.raises(SystemExit):
        main(["--version"])
    assert frozen == []
