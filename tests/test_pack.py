"""The pack data agrees with the binding contract and with the stubs and the reference."""

import ast
import re

import pytest

from conftest import CHALLENGES, REFERENCE, ROOT
from gdgrade.pack import load_pack

SPEC = ROOT.parent / "shared" / "spec" / "CHALLENGES.md"
PACK = load_pack()


def _signatures(path):
    tree = ast.parse(path.read_text())
    return {node.name: ast.unparse(node.args) for node in tree.body if isinstance(node, ast.FunctionDef)
            and not node.name.startswith("_")}


def test_every_question_has_its_stub_and_reference_and_the_pack_is_worth_100_points():
    """The questions are the pack's folders; GRADER.md fixes the total at 100."""
    assert [q.id for q in PACK.questions] == sorted({q.id for q in PACK.questions})
    for q in PACK.questions:
        assert (CHALLENGES / q.filename).is_file() and (REFERENCE / q.filename).is_file(), q.id
    assert PACK.points == 100


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not beside this checkout")
def test_points_match_the_contract():
    """Every `name(...) -> ... (N points)` line of CHALLENGES.md matches the pack."""
    spec = SPEC.read_text()
    found = dict(re.findall(r"^- `(\w+)\(.*?\)(?: -> .*?)?` \((\d+) points\)", spec, re.M))
    assert found == {f.name: str(f.points) for q in PACK.questions for f in q.functions}


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_stub_and_reference_have_the_pack_functions_with_equal_signatures(question):
    stub = _signatures(CHALLENGES / question.filename)
    ref = _signatures(REFERENCE / question.filename)
    names = [f.name for f in question.functions]
    assert sorted(stub) == sorted(names)
    assert {n: ref[n] for n in names} == stub


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_texts_are_bilingual_and_hinted(question):
    for text in (question.title, question.question, question.explanation):
        assert text["en"].strip() and text["ko"].strip()
    assert all(f.hints for f in question.functions)


def _hidden_tests(question):
    """{function name: set of hidden test names} from the question's hidden test module."""
    path = question.folder / "test_hidden.py"
    names = {f.name for f in question.functions}
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            fixtures = [a.arg for a in node.args.args if a.arg in names]
            assert len(fixtures) == 1, f"{node.name} must take exactly one challenge function"
            found.setdefault(fixtures[0], set()).add(node.name)
    return found


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_every_hidden_test_is_declared_a_value_or_property_check(question):
    declared = {f.name: set(f.checks) for f in question.functions}
    assert _hidden_tests(question) == declared


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_property_checks_have_short_labels(question):
    for f in question.functions:
        for name, label in f.property_checks:
            assert 0 < len(label) <= 40 and not label.endswith("."), (name, label)


def test_parallel_order_names_every_question_once_and_keeps_an_entry_together():
    """pack.yaml's parallel_order names each question once; a selection keeps its entries
    (q01 with q03), in that order, and a question the order does not name comes last."""
    from dataclasses import replace
    everything = [q.id for q in PACK.questions]
    shares = PACK.shares(everything)
    assert sorted(q for entry in shares for q in entry) == everything
    assert ("q01", "q03") in shares
    assert PACK.shares(["q09", "q03", "q01"]) == [("q01", "q03"), ("q09",)]
    assert PACK.shares(["q03"]) == [("q03",)]
    partial = replace(PACK, parallel_order=(("q04",),))
    assert partial.shares(["q02", "q04", "q01"]) == [("q04",), ("q02",), ("q01",)]
