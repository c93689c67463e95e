"""The candidate kit: what is in it, what is not, and that its public tests work as a candidate runs them."""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import CHALLENGES, REFERENCE, ROOT
from gdgrade.cli import main
from gdgrade.pack import PACK_DIR, load_pack
from gdgrade.selfstudy.kit import ROOT as KIT_ROOT, write_kit


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The kit written by `gdgrade kit`, unpacked into an empty folder; returns its root."""
    tmp = tmp_path_factory.mktemp("kit")
    assert main(["kit", str(tmp / "kit.zip")]) == 0
    with zipfile.ZipFile(tmp / "kit.zip") as zf:
        zf.extractall(tmp / "unpacked")
    return tmp / "unpacked" / KIT_ROOT


def _texts(root):
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_kit_holds_the_stubs_the_toolkit_both_readmes_and_public_tests(kit):
    names = set(_texts(kit))
    pack = load_pack()
    assert {f"challenges/{q.filename}" for q in pack.questions} <= names
    assert {f"public_tests/test_{q.module}.py" for q in pack.questions} <= names
    assert {"README.md", "README.ko.md", "gdkit/__init__.py", "gdkit/models.py", "pytest.ini",
            "public_tests/conftest.py"} <= names
    for q in pack.questions:
        assert (kit / "challenges" / q.filename).read_bytes() == (CHALLENGES / q.filename).read_bytes()


def _significant_lines(paths):
    return {line.strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines()
            if len(line.strip()) >= 20}


def test_nothing_of_the_reference_or_the_hidden_tests_is_in_the_kit(kit):
    secret = _significant_lines([*REFERENCE.glob("q*.py"), *PACK_DIR.glob("q*/test_hidden.py"),
                                 PACK_DIR / "shared.py", PACK_DIR / "experiments.py"])
    # Lines the stubs and the toolkit share with the reference (signatures, contract docstrings) are public.
    public = _significant_lines([*CHALLENGES.glob("q*.py"), ROOT / "gdkit" / "models.py"])
    leaked = []
    for name, text in _texts(kit).items():
        leaked += [f"{name}: {line.strip()}" for line in text.splitlines() if line.strip() in secret - public]
    assert not leaked, "\n".join(leaked)
    for name, text in _texts(kit).items():
        assert not re.search(r"^\s*(from|import) gdgrade\b", text, re.M), name
        assert "test_hidden" not in text and "reference/" not in text, name


def _run_public_tests(root):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    return subprocess.run([sys.executable, "-m", "pytest"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


def test_public_tests_fail_on_the_stubs_with_one_line_each(kit):
    run = _run_public_tests(kit)
    assert run.returncode == 1, run.stdout + run.stderr
    failed = int(re.search(r"(\d+) failed", run.stdout).group(1))
    assert "passed" not in run.stdout.splitlines()[-1]
    # Each failure's report is the one line naming the stub (the summary at the end names them again).
    lines = [line for line in run.stdout.splitlines()
             if re.fullmatch(r"q\d\d_\w+\.\w+ is not implemented yet", line.strip())]
    assert len(lines) == failed, run.stdout
    assert "Traceback" not in run.stdout and "NotImplementedError()" not in run.stdout
    assert not (kit / ".pytest_cache").exists()


def test_public_tests_pass_on_a_correct_submission(kit, tmp_path):
    copy = tmp_path / KIT_ROOT
    shutil.copytree(kit, copy)
    for path in REFERENCE.glob("q*.py"):
        shutil.copy(path, copy / "challenges" / path.name)
    run = _run_public_tests(copy)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"\d+ passed", run.stdout)


def test_the_kit_is_the_same_bytes_every_time_and_readme_follows_lang(tmp_path):
    write_kit(tmp_path / "a.zip", "en")
    write_kit(tmp_path / "b.zip", "en")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    write_kit(tmp_path / "ko.zip", "ko")
    with zipfile.ZipFile(tmp_path / "ko.zip") as zf:
        readme = zf.read(f"{KIT_ROOT}/README.md").decode()
        assert "지원자 키트" in readme and f"{KIT_ROOT}/README.en.md" in zf.namelist()


def test_kit_usage_mistakes_are_one_line(tmp_path, capsys):
    assert main(["kit", str(tmp_path / "missing" / "kit.zip")]) == 2
    assert main(["kit", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 2 and all(line.startswith("gdgrade: error: ") for line in err.splitlines())
    assert list(tmp_path.iterdir()) == []
