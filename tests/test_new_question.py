"""Adding a question touches only new files (README, "Adding a question").

A scratch copy of the project gets an 11th question by new files alone: its stub, its
reference and its folder in grader/pack/ (question.yaml and test_hidden.py). gdgrade,
run from the copy, grades the reference copy's q11 in full and the stubs' q11 at 0.
"""

import shutil
import subprocess
import sys
import sysconfig

from conftest import ROOT

STUB = '''"""Q11: the sum of squares of a vector."""

import numpy as np


def sum_of_squares(x):
    """Return the sum of x[i]**2 as a float; a 2-D x raises ValueError."""
    raise NotImplementedError("sum_of_squares is not implemented yet")
'''
REFERENCE = '''"""Q11 reference."""

import numpy as np


def sum_of_squares(x):
    if np.ndim(x) != 1:
        raise ValueError("x must be 1-D")
    return float(np.dot(x, x))
'''
QUESTION = '''title:
  en: The sum of squares
  ko: 제곱의 합
question:
  en: Add up the squares of a vector's entries.
  ko: 벡터 성분의 제곱을 모두 더하세요.
functions:
  - name: sum_of_squares
    points: 2
    value:
      - test_matches_numpy_on_random_and_zero_vectors
    properties:
      test_rejects_a_matrix: ValueError for a matrix
    hints:
      - Square each entry, then add.
explanation:
  en: The squared length of the vector.
  ko: 벡터 길이의 제곱입니다.
'''
TESTS = '''"""Hidden properties of Q11: sum_of_squares."""

import numpy as np

from gdgrade.pack.shared import as_float, candidate, expect_close, expect_raises, returned

sum_of_squares = candidate("sum_of_squares")


def test_matches_numpy_on_random_and_zero_vectors(sum_of_squares, rng):
    """Returns the sum of squares of random vectors and of a zero vector."""
    for x in (rng.standard_normal(7), np.zeros(3), rng.uniform(1, 2, size=4)):
        got = as_float(returned(sum_of_squares(x), "sum_of_squares"))
        expect_close(got, float(np.sum(x ** 2)))


def test_rejects_a_matrix(sum_of_squares):
    """A 2-D x raises ValueError."""
    expect_raises(sum_of_squares(np.ones((2, 2))), ValueError, "sum_of_squares", "for a matrix")
'''
# Run gdgrade from the copy as the installed package maps it (gdgrade = grader/, gdgrade.gdkit =
# gdkit/, gdgrade.reference = reference/), with this environment's libraries but without its
# .pth files, which point gdgrade at this clone instead.
BOOT = '''import importlib.util, sys
site, root = sys.argv[1:3]
sys.path.append(site)
for name, folder in (("gdgrade", "grader"), ("gdgrade.gdkit", "gdkit"), ("gdgrade.reference", "reference")):
    spec = importlib.util.spec_from_file_location(name, f"{root}/{folder}/__init__.py",
                                                  submodule_search_locations=[f"{root}/{folder}"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
from gdgrade.cli import main
sys.exit(main(sys.argv[3:]))
'''


def _gdgrade(copy, *args):
    site = sysconfig.get_paths()["purelib"]
    return subprocess.run([sys.executable, "-I", "-S", "-c", BOOT, site, str(copy), *args],
                          capture_output=True, text=True, cwd=copy, timeout=300)


def test_an_eleventh_question_is_graded_from_new_files_alone(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "build", "__pycache__",
                                                               "*.egg-info", "submissions"))
    before = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    (copy / "challenges" / "q11_squares.py").write_text(STUB)
    (copy / "reference" / "q11_squares.py").write_text(REFERENCE)
    folder = copy / "grader" / "pack" / "q11_squares"
    folder.mkdir()
    (folder / "question.yaml").write_text(QUESTION)
    (folder / "test_hidden.py").write_text(TESTS)
    assert all((copy / p).read_bytes() == data for p, data in before.items())   # nothing existing edited

    full = _gdgrade(copy, "grade", "reference", "--questions", "q11", "--json", str(tmp_path / "ref.json"))
    assert full.returncode == 0, full.stderr
    assert full.stdout.splitlines()[0].split() == ["q11", "2", "/", "2"]
    stubs = _gdgrade(copy, "grade", "challenges", "--questions", "q11")
    assert stubs.returncode == 0, stubs.stderr
    assert stubs.stdout.splitlines()[0].split() == ["q11", "0", "/", "2"]
    listed = _gdgrade(copy, "grade", "challenges", "--questions", "q12")
    assert listed.returncode == 2 and "q11" in listed.stderr   # the CLI's list of questions comes from the pack
