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
    """gdkit runs next to candidate code: stdlib, NumPy and gdkit only."""
    assert not _imports(path) & {"grader", "reference", "challenges", "pytest", "yaml", "jinja2"}


@pytest.mark.parametrize("path", sorted((ROOT / "grader" / "hidden").glob("*.py")), ids=lambda p: p.name)
def test_hidden_tests_do_not_reach_into_the_runner(path):
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("grader."):
            imported.add(node.module)
    assert imported <= {"grader.hidden.checks", "grader.hidden.conftest", "grader.hidden.models",
                        "grader.proxy"}


def test_report_reads_results_only():
    assert _imports(ROOT / "grader" / "report.py") <= {"jinja2", "grader"}
    text = (ROOT / "grader" / "report.py").read_text()
    assert "grader.runner" not in text and "grader.proxy" not in text and "grader.sandbox" not in text
