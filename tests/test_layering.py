"""Import rules of STYLE.md, checked by parsing imports: data flows pack -> runner -> results -> report."""

import ast
import sys

import pytest

from conftest import ROOT

PACK_DIR = ROOT / "grader" / "pack"
STDLIB = set(getattr(sys, "stdlib_module_names", ())) or {
    "ctypes", "errno", "fcntl", "importlib", "io", "json", "math", "mmap", "os", "platform", "resource",
    "signal", "socket", "struct", "sys", "tempfile", "time", "traceback", "tracemalloc"}
STDLIB_OK = {"math", "operator", "numbers", "itertools", "functools"}
REFERENCE_MODULES = {f"gdgrade.reference.{p.stem}" for p in (ROOT / "reference").glob("q*.py")}


def _modules(path):
    """Every module `path` imports, by full name (relative imports resolved inside gdkit)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = "gdgrade.gdkit" + (f".{base}" if base else "")
            names.add(base)
            # `from gdgrade import gdkit` and `from gdgrade.reference import q04_surface` name modules.
            names.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in _KNOWN)
    return names


def _top(names):
    return {n.split(".")[0] for n in names}


def _file(module):
    """The file of a gdgrade module in this repository, or None."""
    parts = module.split(".")
    if parts[0] != "gdgrade":
        return None
    folder = {"gdkit": ROOT / "gdkit", "reference": ROOT / "reference"}.get(parts[1] if len(parts) > 1 else "")
    rest = parts[2:] if folder else parts[1:]
    folder = folder or ROOT / "grader"
    for candidate in (folder.joinpath(*rest).with_suffix(".py"), folder.joinpath(*rest, "__init__.py")):
        if rest and candidate.is_file() or not rest and (folder / "__init__.py").is_file():
            return candidate if rest else folder / "__init__.py"
    return None


_KNOWN = {f"gdgrade.{p.stem}" for p in (ROOT / "grader").glob("*.py")} | {"gdgrade.gdkit", "gdgrade.reference"} \
    | REFERENCE_MODULES | {f"gdgrade.gdkit.{p.stem}" for p in (ROOT / "gdkit").glob("*.py")}


@pytest.mark.parametrize("path", sorted((ROOT / "challenges").glob("q*.py")) +
                         sorted((ROOT / "reference").glob("q*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_challenges_and_reference_import_numpy_only(path):
    assert _top(_modules(path)) <= {"numpy"} | STDLIB_OK


@pytest.mark.parametrize("path", sorted((ROOT / "gdkit").glob("*.py")), ids=lambda p: p.name)
def test_worker_side_imports_the_standard_library_numpy_and_itself_only(path):
    """gdkit runs next to candidate code, where it is the top-level package gdkit: it imports
    itself relatively, so nothing of gdgrade can come with it."""
    names = _modules(path)
    assert _top(names) - {"gdgrade"} <= STDLIB | {"numpy"}
    assert {n for n in names if n.startswith("gdgrade")} <= {"gdgrade.gdkit"} | {
        f"gdgrade.gdkit.{p.stem}" for p in (ROOT / "gdkit").glob("*.py")}


@pytest.mark.parametrize("path", sorted(PACK_DIR.glob("q*/test_hidden.py")) + [PACK_DIR / "shared.py"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hidden_tests_use_the_shared_module_the_toolkit_and_the_reference_only(path):
    imported = {n for n in _modules(path) if n.startswith("gdgrade")}
    # gdgrade.proxy: the type of a callable the candidate returned, which the tests evaluate;
    # gdgrade.i18n: feedback as messages (msg), which the report can say in Korean.
    assert imported <= {"gdgrade.pack.shared", "gdgrade.proxy", "gdgrade.gdkit.models", "gdgrade.reference",
                        "gdgrade.i18n"} | REFERENCE_MODULES


@pytest.mark.parametrize("path", sorted(PACK_DIR.glob("q*/figures.py")) + [PACK_DIR / "experiments.py"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_experiments_use_numpy_the_toolkit_the_reference_and_the_chart_kit_only(path):
    """The report's experiments import nothing of grading: a submission's functions reach them only
    as the `impl` that gdgrade.drawing passes in."""
    names = _modules(path)
    assert _top(names) <= {"numpy", "math", "functools", "gdgrade"}
    assert {n for n in names if n.startswith("gdgrade")} <= {
        "gdgrade.gdkit.models", "gdgrade.plot", "gdgrade.pack.experiments", "gdgrade.reference"} | REFERENCE_MODULES


def test_the_chart_kit_knows_nothing_of_questions():
    assert _top(_modules(ROOT / "grader" / "plot.py")) <= {"math", "numpy", "unicodedata"}


def test_the_report_reaches_the_reference_only_through_the_experiments():
    """Follow imports from report.py, with the edge figures.py -> every question's figures.py
    that it makes by loading them from their folders: nothing of grading is reachable."""
    seen, todo = set(), [ROOT / "grader" / "report.py"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [f for f in map(_file, _modules(path)) if f is not None]
        if path == ROOT / "grader" / "figures.py":
            todo += sorted(PACK_DIR.glob("q*/figures.py"))
    names = {p.relative_to(ROOT).as_posix() for p in seen}
    assert "reference/q04_surface.py" in names and "grader/pack/q04_surface/figures.py" in names
    grading = {"grader/runner.py", "grader/proxy.py", "grader/cli.py", "grader/scoring.py", "grader/budget.py",
               "grader/sandbox/__init__.py"}
    assert names & grading == set()
    assert not any(n.endswith("test_hidden.py") or n == "grader/pack/shared.py" for n in names)
