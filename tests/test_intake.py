"""Hiring intake: entries normalised, batch resumable after SIGKILL, shards merge to the same
summary, similarity flags a renamed copy and not independent work, the Gradescope bundle grades."""

import io
import json
import keyword
import builtins
import os
import re
import shutil
import subprocess
import sys
import time
import tokenize
import zipfile
from pathlib import Path

import pytest

from conftest import CHALLENGES, REFERENCE, VARIANT, function_scores
from gdgrade.cli import main
from gdgrade.intake import batch, entries, similarity
from gdgrade.intake.batch import modules_of
from gdgrade.pack import load_pack

PACK = load_pack()
MODULES = modules_of(PACK)
NAMES = {f for fs in MODULES.values() for f in fs}
QUESTIONS = ["q01", "q09"]          # two quick questions keep the batch tests short
GDGRADE = [sys.executable, "-m", "gdgrade.cli"]


def _reference_text(qids=None):
    return "\n\n".join(p.read_text() for p in sorted(REFERENCE.glob("q*.py")) if qids is None or p.name[:3] in qids)


def _notebook(code):
    cells = [{"cell_type": "code", "source": ["%matplotlib inline\n", "import numpy as np\n"]},
             {"cell_type": "code", "source": "%%time\nprint(1)\n"},
             {"cell_type": "markdown", "source": "# answers"},
             {"cell_type": "code", "source": code + "\n!pip install numpy\nfiles = !ls\n"},
             {"cell_type": "code", "source": "def oops(:\n    pass\n"}]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5})


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def make_intake(folder):
    """One entry of every format and every kind of bad entry; returns {name: expected status}."""
    folder.mkdir(parents=True)
    shutil.copytree(REFERENCE, folder / "folder_ref", ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    (folder / "single.py").write_text(_reference_text(QUESTIONS) + "\nprint(perturb_and_measure)\nX = 1 / 0\n")
    (folder / "nb.ipynb").write_text(_notebook(_reference_text(QUESTIONS)))
    _zip(folder / "zipped.zip", {f"alice/{p.name}": p.read_text() for p in REFERENCE.glob("q0[19]_*.py")})
    _zip(folder / "zipped_py.zip", {"work/solution.py": _reference_text(["q01"])})
    _zip(folder / "escape.zip", {"../q01_perturb.py": "x = 1\n"})
    _zip(folder / "absolute.zip", {"/etc/q01_perturb.py": "x = 1\n"})
    link = zipfile.ZipInfo("q01_perturb.py")
    link.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(folder / "symlink.zip", "w") as z:
        z.writestr(link, "/etc/passwd")
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("q01_perturb.py", b"#" * (entries.SOURCE_BYTES + 10))
    (folder / "corrupt.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "badnb.ipynb").write_text('{"cells": [')
    (folder / "syntax.py").write_text("def perturb_and_measure(:\n")
    (folder / "empty").mkdir()
    (folder / "nothing.py").write_text("")
    (folder / "twice.py").write_text(_reference_text(["q01"]))
    (folder / "twice.ipynb").write_text(_notebook(_reference_text(["q01"])))
    (folder / "stubs").mkdir()
    for p in CHALLENGES.glob("q*.py"):
        shutil.copy(p, folder / "stubs" / p.name)
    return {"folder_ref": "graded", "single": "graded", "nb": "graded", "zipped": "graded", "zipped_py": "graded",
            "stubs": "graded", "escape": "rejected", "absolute": "rejected", "symlink": "rejected",
            "bomb": "rejected", "corrupt": "rejected", "badnb": "rejected", "syntax": "rejected",
            "empty": "rejected", "nothing": "rejected", "twice": "rejected"}


def _batch(src, out, *extra, env=None, check=True):
    proc = subprocess.run([*GDGRADE, "batch", str(src), "--out", str(out), "--questions", ",".join(QUESTIONS),
                           *extra], capture_output=True, text=True, env=env)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def _comparable(out):
    """The summary without measured times: CSV without its time column, JSON without time fields,
    HTML without its time cells and slowest section."""
    lines = (out / "summary.csv").read_text().splitlines()
    col = lines[0].split(",").index("time")
    csv_text = "\n".join(",".join(c for k, c in enumerate(ln.split(",")) if k != col) for ln in lines)
    doc = json.loads((out / "summary.json").read_text())
    for row in doc["candidates"]:
        row.pop("time")
    html = (out / "summary.html").read_text()
    html = re.sub(r'<td class="t">[^<]*</td>', "", html)
    html = re.sub(r'<section id="slowest">.*?</section>', "", html, flags=re.S)
    return csv_text, doc, html


@pytest.fixture(scope="module")
def intake(tmp_path_factory):
    """An intake graded once without interruption: (input folder, output folder, expected statuses)."""
    root = tmp_path_factory.mktemp("intake")
    os.chmod(root, 0o700)
    expected = make_intake(root / "in")
    proc = _batch(root / "in", root / "out", "--jobs", "2")
    assert "similar pairs" in proc.stdout
    return root / "in", root / "out", expected


# -- entries ----------------------------------------------------------------------------------

def test_single_file_is_split_by_question_with_what_each_function_needs():
    code = _reference_text() + "\nw = np.zeros(3)\nprint(perturb_and_measure(None, w, w, 0))\n"
    sub = entries.split_source(code.encode(), "all.py", MODULES)
    assert sorted(sub.files) == sorted(MODULES)
    q09 = sub.files["q09_zero_gradients.py"].decode()
    assert "def dead_relu_units" in q09 and "def perturb_and_measure" not in q09
    assert q09.count("import numpy as np") == 1
    assert all("print(perturb_and_measure" not in f.decode() for f in sub.files.values())


def test_a_crash_at_import_of_one_question_stays_in_that_question():
    code = _reference_text(["q01"]) + "\n\nBAD = 1 / 0\n\ndef dead_relu_units(W1, b1, X):\n    return BAD\n"
    sub = entries.split_source(code.encode(), "s.py", MODULES)
    assert "1 / 0" in sub.files["q09_zero_gradients.py"].decode()
    assert "1 / 0" not in sub.files["q01_perturb.py"].decode()


def test_syntax_error_in_a_single_file_rejects_it_with_the_line():
    with pytest.raises(entries.Rejected, match="syntax error in s.py line 2"):
        entries.split_source(b"import numpy\ndef f(:\n", "s.py", MODULES)


def test_notebook_drops_magics_shell_lines_and_unparsable_cells():
    sub = entries.notebook(_notebook(_reference_text(["q01"])).encode(), "nb.ipynb", MODULES)
    text = sub.files["q01_perturb.py"].decode()
    assert "%" not in text.replace("%r", "") and "!pip" not in text and "!ls" not in text
    assert any("cell magic %%time" in n for n in sub.notes) and any("cell 5 left out" in n for n in sub.notes)


@pytest.mark.parametrize("name, members, reason", [
    ("escape", {"../x.py": "x"}, "escapes the folder"),
    ("absolute", {"/abs/q01_perturb.py": "x"}, "escapes the folder"),
    ("nested", {"inner.zip": "x"}, "one level of archive"),
    ("two", {"a.py": "x = 1", "b.py": "y = 2"}, "2 source files"),
    ("stubs_none", {"readme.txt": "hi"}, "empty"),
])
def test_bad_zips_are_rejected_with_a_reason(tmp_path, name, members, reason):
    with pytest.raises(entries.Rejected, match=reason):
        entries.load(_zip(tmp_path / f"{name}.zip", members), MODULES)


def test_zip_bomb_is_refused_by_the_bytes_it_inflates_to_not_its_declared_size(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("q01_perturb.py", b"0" * (entries.SOURCE_BYTES + 1))
    data = bytearray(path.read_bytes())
    # forge the declared sizes (local header and central directory) down to 10 bytes
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(sig) + off
        data[at:at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(entries.Rejected, match="more than|corrupt"):
        entries.load(path, MODULES)


def test_folder_with_a_symbolic_link_is_rejected(tmp_path):
    (tmp_path / "sub").mkdir()
    os.symlink(REFERENCE / "q01_perturb.py", tmp_path / "sub" / "q01_perturb.py")
    with pytest.raises(entries.Rejected, match="symbolic link"):
        entries.load(tmp_path / "sub", MODULES)


# -- shards -------------------------------------------------------------------------------------

def test_shard_assignment_is_stable_and_covers_each_name_once():
    names = [f"cand{k}" for k in range(200)]
    shards = [batch.shard_of(n, 3) for n in names]
    assert shards == [batch.shard_of(n, 3) for n in names]
    assert set(shards) == {0, 1, 2}
    assert batch.shard_of("alice", 1) == 0


@pytest.mark.parametrize("text", ["2/2", "-1/2", "a/b", "1", "0/0", "1/2/3"])
def test_bad_shard_is_one_usage_line(text, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), f"--shard={text}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("gdgrade: error: --shard")


# -- similarity -------------------------------------------------------------------------------

def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("q*.py"))}


def _renamed_and_reformatted(text):
    """Every local name renamed, spacing and comments changed: what a copier would do."""
    mapping, out = {}, []
    toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
    for k, tok in enumerate(toks):
        s = tok.string
        prev = toks[k - 1].string if k else ""
        if tok.type == tokenize.NAME and not keyword.iskeyword(s) and s not in dir(builtins) \
                and s not in NAMES and s not in ("np", "numpy") and prev != ".":
            s = mapping.setdefault(s, f"my_var_{len(mapping)}")
        if tok.type == tokenize.COMMENT:
            s = "# my own reasoning here"
        out.append((tok.type, s))
    return "# written by me\n" + tokenize.untokenize(out).replace(",", " , ")


def _profiles(subs):
    excluded = similarity.stub_fingerprints(_files(CHALLENGES))
    return {k: similarity.profile(v, NAMES, excluded) for k, v in subs.items()}


def test_renamed_and_reformatted_copy_is_flagged():
    ref = _files(REFERENCE)
    copy = {k: _renamed_and_reformatted(v.decode()).encode() for k, v in ref.items()}
    assert copy != ref and "my_var_" in copy["q01_perturb.py"].decode()
    pairs = similarity.similar_pairs(_profiles({"original": ref, "copy": copy}))
    assert [(p["a"], p["b"]) for p in pairs] == [("copy", "original")]
    assert pairs[0]["similarity"] > 0.9 and len(pairs[0]["functions"]) >= 15


def test_independent_correct_submissions_are_not_flagged():
    subs = {"reference": _files(REFERENCE)}
    for folder in sorted(VARIANT.iterdir()):
        if folder.is_dir():
            subs[folder.name] = _files(folder)
    assert similarity.similar_pairs(_profiles(subs)) == []


def test_the_stubs_own_text_does_not_count():
    stubs = _files(CHALLENGES)
    assert _profiles({"a": stubs})["a"] == {}


# -- batch ------------------------------------------------------------------------------------

def test_batch_grades_every_format_and_keeps_going_past_bad_entries(intake, grade_folder):
    src, out, expected = intake
    doc = json.loads((out / "summary.json").read_text())
    rows = {r["name"]: r for r in doc["candidates"]}
    assert sorted(rows) == sorted(expected)
    assert {n: r["status"] for n, r in rows.items()} == expected
    for name, status in expected.items():
        assert rows[name]["reason"] if status == "rejected" else not rows[name]["reason"]
        assert (out / name / "results.json").is_file() and (out / name / "report.html").is_file()
    assert rows["folder_ref"]["total"] == rows["single"]["total"] == rows["nb"]["total"] == 20
    assert rows["zipped_py"]["questions"] == {"q01": 10.0, "q09": 0.0}
    assert rows["stubs"]["total"] == 0 and rows["twice"]["reason"].startswith("2 entries share the name twice")
    # the summary agrees with grading each normalised submission alone
    for name in ("single", "nb", "zipped"):
        alone = grade_folder(out / name / "submission", questions=QUESTIONS)
        assert {q: sum(s for (qq, _), (s, _) in function_scores(alone).items() if qq == q)
                for q in QUESTIONS} == rows[name]["questions"]
    csv_lines = (out / "summary.csv").read_text().splitlines()
    assert csv_lines[0] == "name,total,q01,q09,time,isolation,status,content_hash,reason"
    assert len(csv_lines) == 1 + len(expected)
    html = (out / "summary.html").read_text()
    assert "<script" not in html and "<svg" in html and "worth a look" in html
    # copies of the reference are listed as similar, worded as a pointer
    pairs = {(p["a"], p["b"]) for p in doc["similar"]}
    assert ("folder_ref", "zipped") in pairs or ("single", "zipped") in pairs or pairs
    assert not list(out.glob(".staging/*"))


def test_rerun_grades_nothing_unchanged_and_only_what_changed(intake, tmp_path):
    src, out, _ = intake
    work_in, work_out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(src, work_in, symlinks=True)
    shutil.copytree(out, work_out, symlinks=True)
    before = _comparable(work_out)
    proc = _batch(work_in, work_out)
    assert " 0 graded, 16 unchanged" in proc.stdout
    assert _comparable(work_out) == before
    (work_in / "single.py").write_text(_reference_text(["q01"]))
    proc = _batch(work_in, work_out)
    assert " 1 graded, 15 unchanged" in proc.stdout
    rows = {r["name"]: r for r in json.loads((work_out / "summary.json").read_text())["candidates"]}
    assert rows["single"]["questions"] == {"q01": 10.0, "q09": 0.0}
    proc = _batch(work_in, work_out, "--seed", "3")
    assert " 6 graded, 0 unchanged since the last run, 10 not gradable" in proc.stdout


def _processes_mentioning(text):
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(text).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            pass
    return found


def test_sigkill_mid_batch_then_resume_loses_nothing_and_grades_nothing_twice(intake, tmp_path):
    src, out, _ = intake
    work_out = tmp_path / "out"
    proc = subprocess.Popen([*GDGRADE, "batch", str(src), "--out", str(work_out), "--jobs", "1",
                             "--questions", ",".join(QUESTIONS)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(work_out.glob("*/submission"))) < 2:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    finished = {p.parent.name: p.read_text() for p in work_out.glob("*/entry.json")}
    assert 0 < len(finished) < 16
    # every committed folder is whole; nothing half-written lies where results live
    for name in finished:
        for f in ("entry.json", "results.json"):
            json.loads((work_out / name / f).read_text())
        assert (work_out / name / "report.html").read_text().rstrip().endswith("</html>")
    assert not [p for p in work_out.glob("*/.*") if p.is_file()]
    deadline = time.monotonic() + 60    # its grading process stops on its own (SIGINT from the kernel)
    while time.monotonic() < deadline and _processes_mentioning(work_out):
        time.sleep(0.2)
    assert _processes_mentioning(work_out) == []
    resumed = _batch(src, work_out)
    graded, kept, rejected = (int(re.search(rf"(\d+) {w}", resumed.stdout).group(1))
                              for w in ("graded", "unchanged", "not gradable"))
    assert graded + kept + rejected == 16 and kept == len(finished)
    for name, text in finished.items():
        assert (work_out / name / "entry.json").read_text() == text    # finished work kept as it was
    assert _comparable(work_out) == _comparable(out)


def test_shards_merged_equal_the_unsharded_summary(intake, tmp_path):
    src, out, _ = intake
    for i in range(2):
        _batch(src, tmp_path / f"shard{i}", "--shard", f"{i}/2")
    names = [{r["name"] for r in json.loads((tmp_path / f"shard{i}" / "summary.json").read_text())["candidates"]}
             for i in range(2)]
    assert names[0] and names[1] and not names[0] & names[1]
    assert main(["merge", str(tmp_path / "shard0"), str(tmp_path / "shard1"), "--out", str(tmp_path / "all")]) == 0
    assert _comparable(tmp_path / "all") == _comparable(out)
    assert (tmp_path / "all" / "single" / "report.html").is_file()


def test_merge_refuses_other_seeds_and_a_candidate_in_two_folders(intake, tmp_path, capsys):
    src, out, _ = intake
    other = tmp_path / "seed1"
    shutil.copytree(out, other)
    doc = json.loads((other / "summary.json").read_text())
    doc["seed"] = 1
    (other / "summary.json").write_text(json.dumps(doc))
    assert main(["merge", str(out), str(other), "--out", str(tmp_path / "m1")]) == 2
    assert "seed" in capsys.readouterr().err
    assert main(["merge", str(out), str(out), "--out", str(tmp_path / "m2")]) == 2
    assert "is in both" in capsys.readouterr().err


def test_no_sandbox_stops_the_batch_in_one_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.py").write_text(_reference_text(["q09"]))
    env = {**os.environ, "GDGRADE_ISOLATION": "plain"}
    proc = _batch(src, tmp_path / "out", env=env, check=False)
    assert proc.returncode == 2
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("gdgrade: error:")]
    assert len(errors) == 1 and "no sandbox" in errors[0]
    assert not (tmp_path / "out" / "a").exists()
    proc = _batch(src, tmp_path / "out", "--allow-unsandboxed", env=env)
    rows = json.loads((tmp_path / "out" / "summary.json").read_text())["candidates"]
    assert rows[0]["isolation"] == "plain process" and rows[0]["questions"]["q09"] == 10


# -- Gradescope -------------------------------------------------------------------------------

def _autograder_root(tmp_path, bundle):
    root = tmp_path / "autograder"
    for d in ("source", "submission", "results"):
        (root / d).mkdir(parents=True)
    with zipfile.ZipFile(bundle) as z:
        z.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / name, 0o755)
    return root


def _run_autograder(root):
    env = {**os.environ, "GDGRADE_AUTOGRADER_ROOT": str(root),
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    subprocess.run([str(root / "source" / "run_autograder")], env=env, check=True, capture_output=True,
                   timeout=600)
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_bundle_grades_a_notebook_submission(tmp_path):
    bundle = tmp_path / "autograder.zip"
    assert main(["gradescope", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        wheel = next(n for n in names if n.endswith(".whl"))
        assert {"setup.sh", "run_autograder"} <= set(names)
        with zipfile.ZipFile(io.BytesIO(z.read(wheel))) as w:
            inside = set(w.namelist())
    assert {"gdgrade/cli.py", "gdgrade/gdkit/worker.py", "gdgrade/reference/q01_perturb.py",
            "gdgrade/pack/q01_perturb/test_hidden.py", "gdgrade/intake/templates/summary.html.j2"} <= inside
    root = _autograder_root(tmp_path, bundle)
    (root / "submission" / "answers.ipynb").write_text(_notebook(_reference_text(["q01"])))
    doc = _run_autograder(root)
    assert doc["max_score"] == 100 and doc["score"] == 10
    assert doc["isolation"]["level"] in ("bubblewrap", "separate user")
    assert {t["tags"][0] for t in doc["tests"]} == {q.id for q in PACK.questions}


def test_gradescope_without_a_sandbox_scores_zero_and_says_why(tmp_path, monkeypatch):
    bundle = tmp_path / "autograder.zip"
    assert main(["gradescope", str(bundle)]) == 0
    root = _autograder_root(tmp_path, bundle)
    shutil.copy(REFERENCE / "q01_perturb.py", root / "submission")
    monkeypatch.setenv("GDGRADE_ISOLATION", "plain")
    doc = _run_autograder(root)
    assert doc["score"] == 0 and "no sandbox" in doc["output"] and doc["tests"] == []


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_progress_is_one_updating_line_on_a_terminal_and_plain_lines_otherwise(tty):
    stream = _Terminal() if tty else io.StringIO()
    progress = batch.Progress(3, stream)
    for k, status in enumerate(("graded", "kept", "rejected")):
        progress.update(batch.Outcome(f"c{k}", status, 10.0, "why"), 2 - k)
    progress.close()
    text = stream.getvalue()
    if tty:
        assert text.count("\r\033[K") == 3 and text.count("\n") == 1 and "[3/3]" in text and "ETA" in text
    else:
        lines = text.splitlines()
        assert len(lines) == 3 and all(ln.startswith("gdgrade: [") and "/min" in ln for ln in lines)


def test_gradescope_setup_installs_the_wheel_and_run_autograder_uses_it(tmp_path):
    """setup.sh as Gradescope runs it (without apt-get): a venv with the bundle's wheel, whose
    run_autograder grades a single-file submission. Skipped where pip reaches no package index."""
    bundle = tmp_path / "autograder.zip"
    assert main(["gradescope", str(bundle)]) == 0
    root = _autograder_root(tmp_path, bundle)
    env = {**os.environ, "GDGRADE_AUTOGRADER_ROOT": str(root), "GDGRADE_NO_APT": "1",
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    setup = subprocess.run(["sh", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True,
                           timeout=900)
    if setup.returncode and re.search(r"No matching distribution|Could not find a version|Network is unreachable|"
                                      r"Temporary failure in name resolution", setup.stderr):
        pytest.skip("pip reaches no package index here")
    assert setup.returncode == 0, setup.stderr[-2000:]
    out = subprocess.run([str(root / "venv" / "bin" / "python"), "-c", "import gdgrade; print(gdgrade.__file__)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith(str(root / "venv"))
    (root / "submission" / "mine.py").write_text(_reference_text(["q09"]))
    doc = _run_autograder(root)
    assert doc["score"] == 10 and doc["isolation"]["level"] in ("bubblewrap", "separate user")
