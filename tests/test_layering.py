"""Import rules of STYLE.md, checked by parsing imports."""

import ast

import pytest

from conftest import ROOT


def _imports(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


STDLIB_OK = {"math", "operator", "numbers", "itertools", "functools"}


@pytest.mark.parametrize("path", sorted((ROOT / "challenges").glob("q*.py")) +
                         sorted((ROOT / "reference").glob("q*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_challenges_and_reference_import_numpy_only(path):
    assert _imports(path) <= {"numpy"} | STDLIB_OK


@pytest.mark.parametrize("path", sorted((ROOT / "gdkit").glob("*.py")), ids=lambda p: p.name)
def test_worker_side_never_imports_grader_or_reference(path):
    """gdkit runs next to candidate code, where it is the top-level package gdkit: stdlib, NumPy
    and relative imports of itself only."""
    assert _imports(path) <= {"numpy", "math", "io", "json", "os", "resource", "signal", "socket", "sys",
                              "traceback", "tracemalloc", "importlib", "struct", "mmap", "tempfile", "time",
                              "fcntl"}


@pytest.mark.parametrize("path", sorted((ROOT / "grader" / "hidden").glob("*.py")), ids=lambda p: p.name)
def test_hidden_tests_do_not_reach_into_the_runner(path):
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gdgrade."):
            imported.add(node.module)
    assert imported <= {"gdgrade.hidden.checks", "gdgrade.hidden.conftest", "gdgrade.hidden.models",
                        "gdgrade.proxy", "gdgrade.gdkit.models", "gdgrade.reference"} | {
        f"gdgrade.reference.{p.stem}" for p in (ROOT / "reference").glob("q*.py")}


def test_report_reads_results_only():
    assert _imports(ROOT / "grader" / "report.py") <= {"jinja2", "gdgrade"}
    text = (ROOT / "grader" / "report.py").read_text()
    assert "gdgrade.runner" not in text and "gdgrade.proxy" not in text and "gdgrade.sandbox" not in text
