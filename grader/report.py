"""The HTML report: results + pack texts -> one self-contained page (Jinja2, autoescaped).

Two languages (``lang``: every word from the pack's texts and the gettext catalogues,
gdgrade.i18n) and two audiences:

- ``candidate``: the scores, each check with its feedback, the hint stages already seen
  (at least the first) for an unsolved function, and the explanation with its figures
  once a question is solved; the isolation in one sentence.
- ``staff`` (a hiring team; the default): all that, plus every hint stage, every
  question's explanation and figures whether solved or not, the inputs of a failed
  check's last call (gdgrade.cases) and, folded away, what the isolation blocks and does
  not and why stronger levels were not used (the probe's details), the hints the
  candidate recorded, and grader defects, if any.

Both name the contract version, the seed and the time taken, say what is not implemented
yet, and list the misconceptions that the implemented functions which lost points are tied to.
"""

import os
from functools import lru_cache
from pathlib import Path

from gdgrade.figures import SUBMISSION, figures_for
from gdgrade.i18n import DEFAULT_LANGUAGE, N_, msg, pick, say, translate, translator
from gdgrade.pack import PROPERTY, VALUE
from gdgrade.results import write_atomically

AUDIENCES = ("candidate", "staff")
DEFAULT_AUDIENCE = "staff"

# The isolation levels' names, as gdgrade.sandbox names them, for the page's language.
_LEVELS = {"bubblewrap": N_("bubblewrap sandbox"), "separate user": N_("a separate unprivileged user"),
           "plain process": N_("a plain process (no sandbox)")}

# The two kinds of check, in the order a function's checks are listed, with their headings.
_KINDS = ((VALUE, N_("Value checks: what it returns")), (PROPERTY, N_("Property checks: how it does so")))

_PAGE = "report.html.j2"

# Compiled templates are kept beside them, as Python keeps bytecode: compiling the report's
# templates cost 0.06 s a run, loading the kept form a few ms. Jinja2 checks each against its
# template's source and compiles it again when it changed.
_COMPILED = Path(__file__).parent / "templates" / "__pycache__"


@lru_cache(maxsize=1)
def _env():
    # Jinja2 is imported only when a page is rendered: the command line imports this module
    # for AUDIENCES, and most commands write no report.
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape

    class KeptWhereWritable(FileSystemBytecodeCache):
        """Where the folder cannot be written (an installation read-only to this user), every
        page compiles the templates again; nothing fails."""

        def dump_bytecode(self, bucket):
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        os.makedirs(_COMPILED, exist_ok=True)
        cache = KeptWhereWritable(str(_COMPILED), "%s.jinja")
    except OSError:
        cache = None
    env = Environment(loader=PackageLoader("gdgrade", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=cache)
    env.filters.update(svg_points=_svg_points, svg_strokes=_svg_strokes)
    return env


# The long lists of a figure's coordinates are written here rather than number by number in the
# template, where every number went through the escaping of a Jinja2 expression: 12,000 of them
# on a staff page, 6 ms of its 25. Numbers need no escaping; anything else is escaped as in a template.
def _svg_points(points):
    """x1,y1 x2,y2 ... (an SVG polyline's points)."""
    from markupsafe import Markup
    return Markup(" ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points))


def _svg_strokes(lines):
    """Mx1 y1Lx2 y2 for each line (x1, y1, x2, y2): an SVG path of separate straight strokes."""
    from markupsafe import Markup
    return Markup("".join(f"M{_coordinate(a)} {_coordinate(b)}L{_coordinate(c)} {_coordinate(d)}"
                          for a, b, c, d in lines))


def _coordinate(value):
    if type(value) in (int, float):
        return value
    from markupsafe import escape
    return escape(value)


def _function_view(results, q, fs, hints_used, lang, staff):
    tq = translator(lang, q.folder)
    function = q.function(fs.name)
    mine = [t for t in results.tests if t.question == q.id and t.function == fs.name]
    tests = [{"passed": t.passed, "counted": t.counted, "kind": t.kind,
              "doc": tq(t.doc) if t.doc else t.title,
              "feedback": t.feedback_in(tq),
              # Hidden inputs: staff only.
              "case": t.case if staff else ""}
             for t in mine]
    solved = fs.score == fs.max_score
    pending = fs.pending(function.labels_in(lang))
    # A candidate sees the stages already seen (gdgrade hint records them) again, and at least the
    # first; staff see every stage, and no command to get more.
    seen = len(function.hints) if staff else max(1, hints_used.get((q.id, fs.name), 0))
    shown = 0 if solved else min(len(function.hints), seen)
    return {"name": fs.name, "score": fs.score, "max_score": fs.max_score,
            "not_implemented": _not_implemented(mine),
            "value_passed": fs.value_passed, "value_total": fs.value_total,
            "property_passed": fs.property_passed, "property_total": fs.property_total,
            "properties_count": fs.properties_count, "pending_note": translate(pending, tq),
            "tests": tests, "hints_used": hints_used.get((q.id, fs.name), 0),
            # The rest are for `gdgrade hint --more`, one at a time.
            "hints": [pick(h, lang) for h in function.hints[:shown]],
            "more_hints": len(function.hints) - shown if shown else 0}


def _not_implemented(tests):
    """Every check of the function failed because it is still a stub."""
    return bool(tests) and all(t.not_implemented for t in tests)


def _summary(results, questions, _):
    """The page's first sentences: how much, how many questions solved, what is not implemented
    yet, and where the functions that were implemented lost points."""
    solved = sum(q["solved"] for q in questions)
    text = _("{score} of {top} points; {solved} of {count} questions solved.").format(
        score=f"{results.score:g}", top=results.max_score, solved=solved, count=len(questions))
    stubs = []
    for q in questions:
        names = [f["name"] for f in q["functions"] if f["not_implemented"]]
        if names:
            stubs.append(q["id"].upper() if len(names) == len(q["functions"]) else
                         f"{q['id'].upper()} {', '.join(names)}")
    if stubs:
        points = sum(f["max_score"] for q in questions for f in q["functions"] if f["not_implemented"])
        whole = all(" " not in s for s in stubs)      # only whole questions: "Q06, Q07"
        text += " " + _("Not implemented yet: {where} ({points:g} points).").format(
            where=(", " if whole else "; ").join(stubs), points=points)
    lost = sorted(((f["max_score"] - f["score"], q["id"], f["name"]) for q in questions for f in q["functions"]
                   if f["score"] < f["max_score"] and not f["not_implemented"]),
                  key=lambda x: (-x[0], x[1], x[2]))[:3]
    if lost:
        text += " " + _("Most points lost: {where}.").format(
            where=", ".join(f"{qid.upper()} {name} (−{points:g})" for points, qid, name in lost))
    return text


def _pointed_to(pack, questions, lang):
    """(question id, claim) of the misconceptions that the implemented functions which lost points are
    tied to, once each (a stub points to no misconception); `questions`: the page's views."""
    failed = {(q["id"], f["name"]) for q in questions for f in q["functions"]
              if f["score"] < f["max_score"] and not f["not_implemented"]}
    return [(q.id.upper(), pick(m["claim"], lang)) for q in pack.questions for m in q.misconceptions
            if any((q.id, name) in failed for name in m["functions"])]


def _figures(question, drawn, lang, _):
    """(figures, the sentence saying who computed them) of a solved question: the ones drawn with
    the submission's own functions while it was graded, else the reference's."""
    if drawn and drawn.get("by") == SUBMISSION and lang in drawn.get("figures", {}):
        return drawn["figures"][lang], translate(msg(
            "Where these figures call a function of this question, it is the submission's own: "
            "{functions}, run in its worker with the hidden tests' limits.",
            functions=", ".join(drawn["functions"])), _)
    if drawn and drawn.get("why"):
        why = say(drawn["why"], translator(lang, question.folder))
        return figures_for(question, lang), _("Drawn with the reference implementation: {why}").format(why=why)
    return figures_for(question, lang), _("Drawn with the reference implementation.")


def _isolation(meta, audience, _):
    iso = meta.get("isolation") or {}
    level = iso.get("level", meta.get("isolation_level", ""))
    view = {"level": _(_LEVELS[level]) if level in _LEVELS else level}
    if audience == "staff":
        view["blocks"] = [translate(b, _) for b in iso.get("blocks", ())]
        view["does_not_block"] = [translate(b, _) for b in iso.get("does_not_block", ())]
        view["unavailable"] = sorted(iso.get("unavailable", {}).items())
        view["worker_python"] = iso.get("worker_python")
    return view


def _view(results, pack, lang, audience):
    """The data the template receives: per question, its texts, scores, tests and figures."""
    _ = translator(lang)
    drawn = results.meta.get("figures") or {}
    hints_used = {(qid, name): shown for qid, name, shown in results.meta.get("hints_used", ())}
    staff = audience == "staff"
    questions = []
    for qs in results.questions:
        q = pack.question(qs.id)
        answered = qs.score == qs.max_score
        # The figures show the answer: a candidate sees them, and the explanation, once the question
        # is solved; staff always (drawn by the reference where the submission did not solve it).
        figures, drawn_note = (_figures(q, drawn.get(q.id), lang, _) if answered else
                               (figures_for(q, lang), _("Drawn with the reference implementation: the submission "
                                                        "did not solve this question.")) if staff else ([], ""))
        questions.append({"id": q.id, "title": pick(q.title, lang), "question": pick(q.question, lang),
                          "file": q.filename, "score": qs.score, "max_score": qs.max_score,
                          "solved": answered, "explanation": pick(q.explanation, lang),
                          "misconceptions": [{"claim": pick(m["claim"], lang),
                                              "correction": pick(m["correction"], lang) if m["correction"] else ""}
                                             for m in q.misconceptions],
                          "functions": [_function_view(results, q, fs, hints_used, lang, staff)
                                        for fs in qs.functions],
                          "figures": figures, "drawn_note": drawn_note})
    return {"score": results.score, "max_score": results.max_score, "lang": lang, "staff": staff,
            "kinds": [(kind, _(heading)) for kind, heading in _KINDS], "_": _,
            "summary": _summary(results, questions, _), "meta": results.meta, "contract": pack.contract,
            "pointed_to": _pointed_to(pack, questions, lang),
            "isolation": _isolation(results.meta, audience, _),
            "defects": [(t.question, t.name, t.internal_error) for t in results.tests if t.internal_error]
            if staff else [],
            "hints_used": results.meta.get("hints_used", ()) if staff else (),
            "questions": questions}


def load_templates():
    """Load Jinja2 and the page's templates now rather than at the first render (0.03 s): gdgrade
    grade does it while the sandbox's probe starts a worker, time it would spend waiting."""
    _env().get_template(_PAGE)


def render(results, pack, lang=DEFAULT_LANGUAGE, audience=DEFAULT_AUDIENCE):
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r} (known: {', '.join(AUDIENCES)})")
    return _env().get_template(_PAGE).render(**_view(results, pack, lang, audience))


def write_html(results, pack, path, lang=DEFAULT_LANGUAGE, audience=DEFAULT_AUDIENCE):
    write_atomically(path, render(results, pack, lang, audience))
