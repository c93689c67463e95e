"""Whole report pages as graded, for the reference, the stubs and a half-right submission, in both
languages and for both audiences: every question present, nothing English left on a Korean page,
nothing for staff on a candidate's page, small enough to mail."""

import html
from html.parser import HTMLParser
import json
import re
import shutil

import pytest

from conftest import CHALLENGES, WRONG, mutant_submission, reference_submission
from gdgrade.cli import grade
from gdgrade.pack import load_pack
from gdgrade.report import render

PACK = load_pack()
KEPT_NAMES = {"gdgrade", "bubblewrap", "tanh", "sigmoid", "relu", "floor", "clip", "step", "tol", "len", "index",
              "numpy", "int", "float", "bool", "lo", "hi", "xtol", "eps", "lr"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{kind: (pack, results)} for the reference, the stubs and a half-right submission (Q1-Q5 right,
    a mutant in Q9, stubs elsewhere), with the figures of the questions solved drawn by their own functions."""
    half = reference_submission(tmp_path_factory.mktemp("half"), {"q01", "q02", "q03", "q04", "q05"})
    for path in CHALLENGES.glob("q*.py"):
        if not (half / path.name).exists():
            shutil.copy(path, half / path.name)
    mutant_submission(half, next(WRONG.glob("q09_*.py")))
    ref = reference_submission(tmp_path_factory.mktemp("ref"))
    return {"reference": grade(ref, 0, None, draw=True), "stubs": grade(CHALLENGES, 0, None, draw=True),
            "half": grade(half, 0, None, draw=True)}


PAGES = [(kind, lang, audience) for kind in ("reference", "stubs", "half") for lang in ("en", "ko")
         for audience in ("candidate", "staff")]


def _text(page):
    """What a reader sees, less code (identifiers, file names, commands, the probe's raw details)."""
    page = re.sub(r"<(style|code)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("kind, lang, audience", PAGES)
def test_every_question_is_on_every_page(graded, kind, lang, audience):
    pack, results = graded[kind]
    page = render(results, pack, lang, audience)
    assert len(page.encode()) < 1 << 20
    for q in PACK.questions:
        assert f'<section class="q" id="{q.id}">' in page
        assert q.title[lang] in html.unescape(page)
    solved = {q.id for q in results.questions if q.score == q.max_score}
    shown = len(PACK.questions) if audience == "staff" else len(solved)   # staff see every explanation
    assert page.count('<div class="explain">') == shown
    assert page.count("<svg") >= shown


@pytest.mark.parametrize("kind, audience", [(k, a) for k in ("reference", "stubs", "half")
                                            for a in ("candidate", "staff")])
def test_no_english_is_left_on_a_korean_page(graded, kind, audience):
    pack, results = graded[kind]
    phrases = re.findall(r"\b[A-Za-z]{3,}(?:[ ,:;'-]+[A-Za-z]{3,})+\b", _text(render(results, pack, "ko", audience)))
    # A phrase is English when two of its words are plain English: not an acronym (MLP, RMSE,
    # ReLU), not a name that Korean text keeps (the tool, the activations, the contract's arguments).
    left = sorted({p for p in phrases
                   if sum(w.islower() and w not in KEPT_NAMES for w in re.findall(r"[A-Za-z]+", p)) >= 2})
    assert left == []


@pytest.mark.parametrize("kind, lang", [(k, lang) for k in ("reference", "stubs", "half") for lang in ("en", "ko")])
def test_a_candidate_page_has_nothing_for_staff(graded, kind, lang):
    pack, results = graded[kind]
    page = render(results, pack, lang, "candidate")
    assert 'class="staff"' not in page
    assert results.meta["submission"] not in page
    for reason in results.meta["isolation"]["unavailable"].values():
        assert html.escape(reason) not in page
    staff = render(results, pack, lang, "staff")
    assert 'class="staff"' in staff


def test_staff_see_the_last_call_of_a_failed_check_and_candidates_never_do(graded):
    """Hidden inputs: on the staff page under each failed check that called the function, never on
    the candidate's page nor in results.json (candidates may see it on Gradescope)."""
    pack, results = graded["half"]
    failed = [t for t in results.tests if not t.passed and t.question == "q09"]
    assert failed and all(t.case.startswith(f"{t.function}(") for t in failed if t.case)
    assert any(t.case for t in failed) and not any(t.case for t in results.tests if t.passed)
    for lang in ("en", "ko"):
        assert render(results, pack, lang, "staff").count('<span class="case">') == sum(bool(t.case) for t in
                                                                                       results.tests)
        candidate = render(results, pack, lang, "candidate")
        assert 'class="case"' not in candidate
        assert not any(t.case in html.unescape(candidate) for t in results.tests if t.case)
    assert not any(t.case in json.dumps(results.to_gradescope()) for t in results.tests if t.case)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG shapes may close themselves (<path ... />); HTML elements other than void ones may not.
SVG_SELF_CLOSING = {"path", "rect", "circle", "line", "polyline", "polygon", "stop"}


class _Structure(HTMLParser):
    """Checks that every element is closed in order, ids are unique and no attribute is repeated."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.ids, self.problems = [], set(), []

    def handle_starttag(self, tag, attrs):
        names = [a for a, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"repeated attribute in <{tag}>")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value}")
                self.ids.add(value)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_SELF_CLOSING:
            self.problems.append(f"<{tag}/> is not a void or SVG element")

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()


@pytest.mark.parametrize("kind, lang, audience", PAGES)
def test_every_page_is_well_formed_html(graded, kind, lang, audience):
    pack, results = graded[kind]
    page = render(results, pack, lang, audience)
    assert page.startswith("<!DOCTYPE html>")
    parser = _Structure()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.open == []


def test_stubs_say_once_that_they_are_not_implemented_and_point_to_no_misconception(graded):
    pack, results = graded["stubs"]
    page = html.unescape(render(results, pack, "en", "candidate"))
    functions = sum(len(q.functions) for q in PACK.questions)
    assert page.count("Not implemented yet: none of its") == functions
    assert "is not implemented yet (it raises NotImplementedError)" not in page
    assert "Not implemented yet: Q01, Q02, Q03, Q04, Q05, Q06, Q07, Q08, Q09, Q10 (100 points)." in page
    assert "Most points lost" not in page and "Misconceptions tied to" not in page
    half = html.unescape(render(*reversed(graded["half"]), "en", "candidate"))
    assert "Not implemented yet: Q06, Q07, Q08, Q10 (40 points)." in half and "Most points lost: Q09" in half
    assert "Misconceptions tied to the functions that lost points:" in half
