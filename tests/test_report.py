"""The HTML report: one figure per solved question, self-contained, escaped, and quick to build."""

import json
import math
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from gdgrade.gdkit.models import MLP
from gdgrade import figures, plot
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


def _leaves(value):
    """Every value in nested dicts, lists and tuples (a figure's plain data)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _numbers(value):
    return (v for v in _leaves(value) if isinstance(v, (int, float)) and not isinstance(v, bool))


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
    drawn = [figures.reference_figures(PACK.question(q)) for q in QUESTIONS]
    assert drawn == [figures.reference_figures(PACK.question(q)) for q in QUESTIONS]
    assert json.loads(json.dumps(drawn)) == [figures.figures_for(PACK.question(q)) for q in QUESTIONS]


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


def test_an_unsolved_question_shows_neither_explanation_nor_figure_to_a_candidate_and_both_to_staff():
    results = _results({("q04", "convexity_map"): "returned shape (5, 1), expected (5,)"})
    sections = _sections(render(results, PACK, audience="candidate"))
    assert "<svg" not in sections["q04"] and "What the experiment shows" not in sections["q04"]
    assert "<svg" in sections["q05"] and "What the experiment shows" in sections["q05"]
    staff = _sections(render(results, PACK, audience="staff"))
    assert "<svg" in staff["q04"] and "What the experiment shows" in staff["q04"]
    assert "Drawn with the reference implementation: the submission did not solve" in staff["q04"] and "Solve every function" not in staff["q04"]


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


def test_figures_use_only_colours_that_survive_colour_blindness():
    """Okabe-Ito for series, viridis for maps, three tints for cells, ink, grey and white:
    nothing else."""
    named = {c.lower() for c in (plot.BLUE, plot.ORANGE, plot.GREEN, plot.VERMILLION, plot.PURPLE, plot.SKY,
                                 plot.GREY, plot.INK, plot.PALE_GREEN, plot.PALE_GREY,
                                 plot.PALE_BLUE, "#ffffff")}
    ramp = np.array([[int(c[k:k + 2], 16) for k in (1, 3, 5)] for c in plot.viridis(np.linspace(0, 1, 2001))])
    for q in PACK.questions:
        for f in figures.figures_for(q):
            used = {s.lower() for s in _leaves(f) if isinstance(s, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", s)}
            assert used, f["id"]
            for c in used - named:     # on the viridis ramp (to rounding)
                rgb = np.array([int(c[k:k + 2], 16) for k in (1, 3, 5)])
                assert np.abs(ramp - rgb).max(axis=1).min() <= 2, (f["id"], c)


def _grey(colour):
    """Relative luminance (WCAG 2): the grey a colour prints as."""
    channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# Series of one figure that print as nearly the same grey, and what tells them apart there.
TOLD_APART_BY_SHAPE = {
    ("q02-fig-a", plot.BLUE, plot.VERMILLION): "a smooth curve against a flat staircase with dashed risers",
    ("q05-fig-a", plot.BLUE, plot.VERMILLION): "the smooth RMSE curve against the 0-1 staircase",
    ("q05-fig-a", plot.GREEN, plot.VERMILLION): "the kinked MAE line against the 0-1 staircase",
    ("q07-fig", plot.VERMILLION, plot.BLUE): "bars above 0 (rose) against bars below 0 (fell)",
    ("q08-fig-a", plot.VERMILLION, plot.BLUE): "bars below 0 against bars above 0",
    ("q08-fig-a", plot.VERMILLION, plot.GREY): "bars below 0 against dots on 0",
    ("q08-fig-b", plot.BLUE, plot.VERMILLION): "a curve rising from 0 against one falling from 0",
    ("q10-fig-a", plot.GREEN, plot.GREY): "a thick shrinking zig-zag against a thin one of constant height",
}


def test_series_of_a_figure_stay_apart_when_printed_in_grey():
    """Two series of the same kind (line, dash, dot, box) either differ in grey level or are in
    TOLD_APART_BY_SHAPE; a new figure with two look-alike series fails here."""
    close = set()
    for q in PACK.questions:
        for fig in figures.experiment(q).figures():
            items = fig.legend_items
            for k, (_, c1, kind1) in enumerate(items):
                for _, c2, kind2 in items[k + 1:]:
                    if kind1 == kind2 and abs(_grey(c1) - _grey(c2)) < 0.08:
                        close.add((fig.fid, c1, c2))
    assert close == set(TOLD_APART_BY_SHAPE)


def test_compiled_templates_are_kept_and_a_folder_that_cannot_be_made_changes_nothing(tmp_path, monkeypatch):
    """The templates' compiled form is kept in a folder (0.06 s a page); where that folder cannot
    be written or made, the page is the same, compiled afresh."""
    from gdgrade import report
    results = _results()
    expected = render(results, PACK)
    kept = tmp_path / "kept"
    monkeypatch.setattr(report, "_COMPILED", kept)
    report._env.cache_clear()
    try:
        assert render(results, PACK) == expected
        assert len(list(kept.glob("*.jinja"))) == 2     # report.html.j2 and figures.html.j2
        report._env.cache_clear()
        assert render(results, PACK) == expected         # read back from the folder
        report._env.cache_clear()
        report._env()                                    # the folder is made here...
        shutil.rmtree(kept)                              # ...and cannot be written when the page is
        assert render(results, PACK) == expected
        (tmp_path / "a file").write_text("")
        monkeypatch.setattr(report, "_COMPILED", tmp_path / "a file" / "kept")
        report._env.cache_clear()
        assert render(results, PACK) == expected
    finally:
        report._env.cache_clear()


def test_reference_figures_are_kept_until_a_source_changes_and_a_folder_that_cannot_be_written_changes_nothing(
        tmp_path, monkeypatch):
    """Drawing the reference's figures cost a staff page 0.1 s: they are kept beside the question with a
    digest of gdgrade's sources, read back as kept, drawn again when the digest differs, and drawn for
    every page where nothing can be written; a page is the same either way."""
    q = PACK.question("q07")
    folder = tmp_path / q.folder.name
    shutil.copytree(q.folder, folder, ignore=shutil.ignore_patterns("__pycache__"))
    copy = SimpleNamespace(folder=folder, module=q.module)
    fresh = json.loads(json.dumps(figures.reference_figures(q, "ko")))
    assert figures.figures_for(copy, "ko") == fresh
    kept = folder / "__pycache__" / "figures.ko.json"
    doc = json.loads(kept.read_text(encoding="utf-8"))
    assert doc["figures"] == fresh and doc["key"] == figures._sources_digest()
    doc["figures"][0]["title"] = "as kept"
    kept.write_text(json.dumps(doc), encoding="utf-8")
    assert figures.figures_for(copy, "ko")[0]["title"] == "as kept"      # read back, not drawn again
    monkeypatch.setattr(figures, "_sources_digest", lambda: "after an edit")
    assert figures.figures_for(copy, "ko") == fresh                       # drawn again, and kept
    assert json.loads(kept.read_text(encoding="utf-8"))["key"] == "after an edit"
    kept.write_text("{not json", encoding="utf-8")
    assert figures.figures_for(copy, "ko") == fresh

    def refuse(path, text):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(figures, "write_atomically", refuse)
    kept.unlink()
    assert figures.figures_for(copy, "ko") == fresh and not kept.exists()

    from gdgrade import report
    stubs = _results({(q.id, f.name): "not implemented" for q in PACK.questions for f in q.functions})
    page = render(stubs, PACK, "en", "staff")                            # every figure drawn by the reference
    monkeypatch.setattr(report, "figures_for", figures.reference_figures)
    assert render(stubs, PACK, "en", "staff") == page


def test_the_digest_of_kept_figures_covers_what_draws_them(tmp_path):
    """An edit of a source file changes the digest, a compiled file does not; and every file that draws
    a question's reference figures (its figures.py, the reference, gdkit, the chart kit) is covered."""
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "ko.po").write_text('msgid "a"\n')
    before = figures.digest_of_sources([tmp_path / "pkg"])
    (tmp_path / "pkg" / "__pycache__" / "a.cpython.pyc").write_bytes(b"compiled")
    (tmp_path / "pkg" / "notes.txt").write_text("not a source")
    assert figures.digest_of_sources([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "ko.po").write_text('msgid "b"\n')
    assert figures.digest_of_sources([tmp_path / "pkg"]) != before
    import gdgrade
    import gdgrade.gdkit
    import gdgrade.reference
    roots = [Path(m.__file__).parent.resolve() for m in (gdgrade, gdgrade.gdkit, gdgrade.reference)]
    drawing = [figures.experiment(q).__file__ for q in PACK.questions if figures.reference_figures(q, "ko")]
    drawing += [q.folder / "ko.po" for q in PACK.questions]
    drawing += [m.__file__ for name, m in list(sys.modules.items())
                if name.split(".")[0] == "gdgrade" and getattr(m, "__file__", None)]
    assert len(drawing) > 40
    for path in drawing:
        assert any(Path(path).resolve().is_relative_to(r) for r in roots), path


def test_coordinates_are_written_as_numbers_and_anything_else_escaped():
    from gdgrade import report
    assert report._svg_points([(1.5, 2), (3, -0.25)]) == "1.5,2 3,-0.25"
    assert report._svg_strokes([(0, 1, 2.5, 3), (4, 5, 6, 7.125)]) == "M0 1L2.5 3M4 5L6 7.125"
    assert report._svg_points([('"/><script>', 1)]) == "&#34;/&gt;&lt;script&gt;,1"
    assert "<" not in report._svg_strokes([(0, "<b>", 1, 1)])
