"""The figures of a solved question are drawn with the submission's own functions, called in its
worker like any hidden test's call; where those functions fail or give what a figure cannot draw,
the reference draws it and the page says why."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import VARIANT, reference_submission
from gdgrade import drawing, figures
from gdgrade.cli import grade
from gdgrade.gdkit import ops
from gdgrade.i18n import LANGUAGES, say, translator
from gdgrade.pack import load_pack
from gdgrade.proxy import SubmissionProblem
from gdgrade.reference import q01_perturb, q04_surface, q06_joint_step, q09_zero_gradients, q10_plateau
from gdgrade.report import render

PACK = load_pack()


def _same(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.fixture(scope="module")
def reference_graded(tmp_path_factory):
    """The reference graded with figures, in parallel grading processes (figures sent back as JSON)."""
    return grade(reference_submission(tmp_path_factory.mktemp("ref")), 0, None, jobs=2, draw=True)


def test_the_reference_as_a_submission_draws_every_figure_itself_and_the_same_as_the_reference(reference_graded):
    _, results = reference_graded
    drawn = results.meta["figures"]
    assert list(drawn) == [q.id for q in PACK.questions]
    for q in PACK.questions:
        assert drawn[q.id]["by"] == figures.SUBMISSION, (q.id, drawn[q.id])
        assert drawn[q.id]["functions"] and set(drawn[q.id]["functions"]) <= {f.name for f in q.functions}
        for lang in LANGUAGES:
            assert _same(drawn[q.id]["figures"][lang], figures.figures_for(q, lang)), (q.id, lang)


def test_one_grading_process_draws_the_same_as_several(reference_graded, tmp_path):
    _, serial = grade(reference_submission(tmp_path, {"q01", "q06"}), 0, ["q01", "q06"], jobs=1, draw=True)
    assert _same(serial.meta["figures"], {q: reference_graded[1].meta["figures"][q] for q in ("q01", "q06")})


def test_nothing_is_drawn_unless_asked_and_only_for_solved_questions(tmp_path):
    folder = reference_submission(tmp_path, {"q06"})
    _, plain = grade(folder, 0, ["q06", "q07"])
    assert plain.meta["figures"] == {}
    _, drawn = grade(folder, 0, ["q06", "q07"], draw=True)
    assert list(drawn.meta["figures"]) == ["q06"]     # q07 is missing from the submission


def test_a_correct_but_different_submission_gets_its_own_picture():
    """contract_only_b's escape_direction points the other way than the reference's: its Q8 picture
    and caption are its own (the loss falls further), and still true."""
    pack, results = grade(VARIANT / "contract_only_b", 0, ["q06", "q08"], draw=True)
    for qid in ("q06", "q08"):
        drawn = results.meta["figures"][qid]
        assert drawn["by"] == figures.SUBMISSION
        assert not _same(drawn["figures"]["en"], figures.figures_for(PACK.question(qid)))
    page = render(results, pack, "en", "candidate")
    assert "it is the submission&#39;s own: escape_direction, classify_critical_point, run in its worker" in page


class _LocalSession:
    """Stands in for a question's worker: answers each call with `module`'s function, passed through
    `answer(name, value)` (which may raise, to have the call raise)."""

    limits = SimpleNamespace(call_seconds=10.0)

    def __init__(self, module, answer=lambda name, value: value):
        self.module, self.answer = module, answer

    def request(self, fn_name, message, timeout, callbacks=None, **kwargs):
        try:
            value = self.answer(message["fn"], getattr(self.module, message["fn"])(*message["args"],
                                                                                  **message["kwargs"]))
        except SubmissionProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - the "candidate" raised
            return {"op": ops.RAISE, "type": type(exc).__name__, "bases": ["Exception"], "message": str(exc)}, []
        return {"op": ops.RETURN, "value": value}, []


def _drawn(qid, module, answer=lambda name, value: value):
    return drawing.drawn_by(PACK.question(qid), _LocalSession(module, answer))


def _why(drawn, qid, lang="en"):
    assert drawn["by"] == figures.REFERENCE
    return say(drawn["why"], translator(lang, PACK.question(qid).folder))


def test_answers_like_the_reference_draw_the_reference_picture():
    for qid, module in (("q01", q01_perturb), ("q06", q06_joint_step), ("q10", q10_plateau)):
        drawn = _drawn(qid, module)
        assert drawn["by"] == figures.SUBMISSION
        assert _same(drawn["figures"]["ko"], figures.figures_for(PACK.question(qid), "ko"))


def _raise(name, value):
    raise ValueError("not on this input")


def test_a_function_that_raises_on_the_figures_input_leaves_the_picture_to_the_reference():
    drawn = _drawn("q01", q01_perturb, _raise)
    assert _why(drawn, "q01") == "perturb_and_measure raised ValueError on the figure's input."
    assert "ValueError" in _why(drawn, "q01", "ko") and "그림" in _why(drawn, "q01", "ko")


def test_a_function_returned_that_raises_leaves_the_picture_to_the_reference():
    def broken(name, value):
        f, w0 = value
        return (lambda w: 1 / 0), w0
    drawn = _drawn("q06", q06_joint_step, broken)
    assert drawn["by"] == figures.REFERENCE


@pytest.mark.parametrize("answer", [lambda name, value: float("nan"), lambda name, value: "a string",
                                    lambda name, value: None, lambda name, value: [1.0, 2.0, 3.0]])
def test_answers_a_figure_cannot_draw_leave_it_to_the_reference(answer):
    for qid, module in (("q01", q01_perturb), ("q10", q10_plateau)):
        drawn = _drawn(qid, module, answer)
        assert drawn["by"] == figures.REFERENCE, (qid, drawn)
        assert _why(drawn, qid)


def test_numbers_that_are_not_finite_are_found_in_figure_data_and_in_an_experiment():
    finite = {"lines": [{"runs": [[[1.0, 2.0], [3.0, 4]]]}], "title": "t", "flag": True, "none": None}
    assert drawing._not_finite(finite) == set()
    assert drawing._not_finite({"runs": [[1.0, float("nan")], (2.0, float("-inf"))]}) == {("runs", 0, 1), ("runs", 1, 1)}
    assert drawing._not_finite([np.float64("inf"), 1.0]) == {(0,)}
    assert drawing._not_finite({"e": np.array([1.0, np.nan]), "k": np.arange(3)}) == {("e",)}
    assert drawing._not_finite(float("nan")) == {()}


@pytest.mark.parametrize("qid, module, answer", [
    ("q01", q01_perturb, lambda name, value: value * 0 + 1e-9),            # passes as a number, is not the change
    ("q09", q09_zero_gradients, lambda name, value: value[:-1]),           # one index short
    ("q06", q06_joint_step, lambda name, value: (lambda w: 0.0, value[1])),  # no step helps
    ("q04", q04_surface, lambda name, value: np.ones_like(value)),          # convex everywhere
])
def test_answers_the_contract_does_not_allow_on_the_figures_input_leave_it_to_the_reference(qid, module, answer):
    assert "the contract does not allow" in _why(_drawn(qid, module, answer), qid)


def test_a_worker_that_cannot_answer_leaves_the_picture_to_the_reference():
    def out_of_time(name, value):
        raise SubmissionProblem("The time pool of this question is used up.")
    assert _why(_drawn("q10", q10_plateau, out_of_time), "q10") == "The time pool of this question is used up."


def test_the_page_says_who_drew_each_picture(reference_graded):
    pack, results = reference_graded
    fallback = _drawn("q01", q01_perturb, _raise)
    meta = {**results.meta["figures"], "q01": fallback}
    del meta["q02"]
    page = render(results.with_meta(figures=meta), pack, "en", "candidate")
    assert page.count("it is the submission&#39;s own:") == 8
    assert ("Drawn with the reference implementation: perturb_and_measure raised ValueError on the "
            "figure&#39;s input.") in page
    assert page.count("Drawn with the reference implementation.") == 1      # q02, never drawn
    ko = render(results.with_meta(figures=meta), pack, "ko", "candidate")
    assert ko.count("참조 구현으로 그렸습니다") == 2 and "Drawn" not in ko
