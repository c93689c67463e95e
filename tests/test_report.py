"""The HTML report: one figure per solved question, self-contained, escaped, and quick to build."""

import math
import re

import numpy as np
import pytest

from gdgrade.gdkit.models import MLP
from gdgrade import figures
from gdgrade.pack import experiments
from gdgrade.pack import load_pack
from gdgrade.report import render
from gdgrade.results import TestResult
from gdgrade.scoring import score
from gdgrade.reference import q04_surface

PACK = load_pack()
QUESTIONS = [q.id for q in PACK.questions]


def _results(failures=None):
    """Results for every question, every declared check; `failures` maps (qid, function) to the
    feedback of its first (value) check, which then fails."""
    failures = failures or {}
    outcomes = [TestResult(q.id, f.name, name, f"property {k} of {f.name}",
                            not (k == 0 and (q.id, f.name) in failures),
                            failures.get((q.id, f.name), "") if k == 0 else "")
                for q in PACK.questions for f in q.functions for k, name in enumerate(f.checks)]
    return score(PACK, outcomes, QUESTIONS).with_meta(submission="sub", seed=0, isolation={"level": "test"}, isolation_text="test",
                                                      execution_time=1.0)


def _sections(page):
    """{question id: the HTML of its section}"""
    return dict(re.findall(r'<section class="q" id="(q\d\d)">(.*?)</section>', page, re.S))


def _numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _numbers(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


@pytest.fixture(scope="module")
def full_marks_page():
    return render(_results(), PACK)


def test_every_question_has_one_or_two_figures_with_title_and_caption():
    for qid in QUESTIONS:
        assert (PACK.question(qid).folder / "figures.py").is_file(), qid
        figs = figures.figures_for(PACK.question(qid))
        assert 1 <= len(figs) <= 2, qid
        for f in figs:
            assert f["title"] and f["caption"].endswith("."), f["id"]
            assert f["lines"] or f["cells"] or f["bars"], f["id"]


def test_figures_are_deterministic():
    assert [figures.figures_for(PACK.question(q)) for q in QUESTIONS] == [figures.figures_for(PACK.question(q)) for q in QUESTIONS]


def test_figure_data_is_finite_and_lines_stay_inside_the_plot():
    for qid in QUESTIONS:
        for f in figures.figures_for(PACK.question(qid)):
            assert all(math.isfinite(v) for v in _numbers(f)), f["id"]
            p = f["plot"]
            for line in f["lines"]:
                for run in line["runs"]:
                    xs, ys = zip(*run)
                    assert p["left"] - 0.2 <= min(xs) and max(xs) <= p["right"] + 0.2, f["id"]
                    assert p["top"] - 0.2 <= min(ys) and max(ys) <= p["bottom"] + 0.2, f["id"]


def test_full_marks_page_has_an_svg_with_a_title_in_every_question(full_marks_page):
    sections = _sections(full_marks_page)
    assert set(sections) == set(QUESTIONS)
    for qid, html in sections.items():
        n = len(figures.figures_for(PACK.question(qid)))
        assert html.count("<svg ") == n and html.count("<title id=") == n, qid
        assert html.count("<figcaption>") == n, qid


def test_page_is_self_contained(full_marks_page):
    page = full_marks_page
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page and "<script" not in page.lower() and "url(" not in page
    assert "xlink:" not in page and "<image" not in page


def test_an_unsolved_question_shows_neither_explanation_nor_figure():
    page = render(_results({("q04", "convexity_map"): "returned shape (5, 1), expected (5,)"}), PACK)
    sections = _sections(page)
    assert "<svg" not in sections["q04"] and "What the experiment shows" not in sections["q04"]
    assert "<svg" in sections["q05"] and "What the experiment shows" in sections["q05"]


def test_feedback_is_escaped():
    page = render(_results({("q01", "perturb_and_measure"): "got <b>bold</b> & <script>x</script>"}), PACK)
    assert "got &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in page
    assert "<b>bold" not in page and "<script" not in page


def test_slice_shortcut_matches_reference_loss_surface():
    """Q4/Q5 evaluate the slice in one broadcast; it must equal loss_surface over net.loss."""
    net, w, X, Y, i, j = experiments.slice_model()
    offsets = np.linspace(-3.0, 3.0, 7)
    expected = q04_surface.loss_surface(lambda v: net.loss(v, X, Y), w.copy(), i, j, offsets)
    got = np.sqrt(np.mean((experiments.slice_predictions(net, w, X, offsets) - Y) ** 2, axis=-1))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu", "step", "floor"])
def test_sweep_shortcut_matches_predict(activation):
    """Q2 sweeps one first-layer weight in one batched pass; it must equal predict per value."""
    net = MLP([3, 6, 6, 1], activation)
    w = net.init(np.random.default_rng(7))
    x = np.random.default_rng(8).standard_normal(3)
    ts = np.linspace(-4.0, 4.0, 41)
    k = net.weight_index(0, 0, 0)
    expected = []
    for t in ts:
        v = w.copy()
        v[k] = t
        expected.append(net.predict(v, x[None, :])[0])
    np.testing.assert_allclose(figures.experiment(PACK.question("q02")).sweep_first_layer(net, w, x, 0, 0, ts), expected, rtol=0, atol=1e-12)
