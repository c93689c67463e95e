"""The HTML report: results + pack texts -> one self-contained page (Jinja2, autoescaped)."""

from jinja2 import Environment, PackageLoader, select_autoescape

from gdgrade.figures import figures_for
from gdgrade.pack import PROPERTY, VALUE
from gdgrade.results import write_atomically

# The two kinds of check, in the order a function's checks are listed, with their headings.
_KINDS = ((VALUE, "Value checks: what it returns"), (PROPERTY, "Property checks: how it does so"))

_env = Environment(loader=PackageLoader("gdgrade", "templates"),
                   autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)


def _view(results, pack):
    """The data the template receives: per question, its texts, scores, tests and figures."""
    questions = []
    hints_used = {(qid, name): shown for qid, name, shown in results.meta.get("hints_used", ())}
    for qs in results.questions:
        q = pack.question(qs.id)
        functions = []
        for fs in qs.functions:
            tests = [t for t in results.tests if t.question == qs.id and t.function == fs.name]
            solved = fs.score == fs.max_score
            functions.append({"name": fs.name, "score": fs.score, "max_score": fs.max_score,
                              "value_passed": fs.value_passed, "value_total": fs.value_total,
                              "property_passed": fs.property_passed, "property_total": fs.property_total,
                              "properties_count": fs.properties_count, "pending_note": fs.pending_note,
                              "tests": tests, "hints_used": hints_used.get((qs.id, fs.name), 0),
                              # One stage only: the rest are for `gdgrade hint --more`, one at a time.
                              "hints": () if solved else q.function(fs.name).hints[:1],
                              "more_hints": max(0, len(q.function(fs.name).hints) - 1)})
        answered = qs.score == qs.max_score
        # The figures show the answer, so like the explanation they appear only once solved.
        questions.append({"id": q.id, "title": q.title, "question": q.question,
                          "file": q.filename, "score": qs.score, "max_score": qs.max_score,
                          "solved": answered, "explanation": q.explanation,
                          "misconceptions": q.misconceptions, "functions": functions,
                          "figures": figures_for(q) if answered else []})
    return {"score": results.score, "max_score": results.max_score, "kinds": _KINDS,
            "meta": results.meta, "questions": questions}


def render(results, pack):
    return _env.get_template("report.html.j2").render(**_view(results, pack))


def write_html(results, pack, path):
    write_atomically(path, render(results, pack))
