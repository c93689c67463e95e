"""`gdgrade check`: grade the learner's working folder and say, in the terminal, where it stands.

Self-study mode: the learner grades their own code, so it may run at the plain
isolation level (one line says which level is in force), and the feedback of every
failed check is shown in full.
"""

import sys

from gdgrade.i18n import pick, translate, translator
from gdgrade.selfstudy.state import hints_used
from gdgrade.selfstudy.terminal import MARKS, Style, status_of, wants_colour

EXIT_PASSED = 0
EXIT_NOT_YET = 1


def grade_folder(folder, qids, seed=0, jobs=None, progress=None):
    """(pack, Results) of `qids` in `folder`, at the strongest isolation this machine has (plain allowed)."""
    from gdgrade.cli import grade
    return grade(folder, seed, qids, progress, allow_unsandboxed=True, jobs=jobs)


def function_rows(results, functions):
    """[(QuestionScore, FunctionScore)] of the functions asked for (None: every one graded)."""
    return [(q, f) for q in results.questions for f in q.functions
            if functions is None or (q.id, f.name) in functions]


def failed_checks(results, qid, fname):
    """The failed tests of one function, with each distinct feedback once: a stub, a missing file or
    an import error fails every check with the same sentence, which is worth saying once."""
    failed = [t for t in results.tests if t.question == qid and t.function == fname and not t.passed]
    if failed and len({t.feedback for t in failed}) == 1 and len(failed) > 1:
        return failed[0], []
    return None, failed


def said(t, question, lang):
    """A failed test's feedback in `lang`."""
    return t.feedback_in(translator(lang, question.folder))


def described(t, question, lang):
    """What a check checks, in `lang`: a property check's label, a value check's description."""
    label = question.function(t.function).label(t.name, lang)
    return label or (translator(lang, question.folder)(t.doc) if t.doc else t.title)


def isolation_line(results, _):
    level = results.meta["isolation_level"]
    from gdgrade.sandbox.base import PLAIN
    if level == PLAIN:
        return _("Isolation: plain process (your code runs as you, which is fine for your own code; "
                 "hiring grading needs a sandbox).")
    return _("Isolation: {level} (your code runs sandboxed).").format(level=level)


def render(results, pack, functions, folder, lang, style):
    """The check's report as lines of text."""
    _ = translator(lang)
    lines = [isolation_line(results, _)]
    rows = function_rows(results, functions)
    for q in results.questions:
        mine = [f for qs, f in rows if qs.id == q.id]
        if not mine:
            continue
        title = pick(pack.question(q.id).title, lang)
        score, top = sum(f.score for f in mine), sum(f.max_score for f in mine)
        lines.append("")
        lines.append(style("bold", f"{q.id}  {title}") + f"  {score:g} / {top}")
        question = pack.question(q.id)
        problem = file_problem(results, q.id, mine, question.filename)
        if problem:
            lines.append("  " + said(problem, question, lang))
        for f in mine:
            lines.extend(function_lines(results, question, f, style, lang, say_common=not problem))
    shown = {(q.id, f.name) for q, f in rows}
    used = [u for u in hints_used(folder, pack) if u[:2] in shown]
    score, top = sum(f.score for _q, f in rows), sum(f.max_score for _q, f in rows)
    total = _("total {score} / {top}").format(score=f"{score:g}", top=top)
    if used:
        total += " · " + _("hints used: {count}").format(count=sum(n for _q, _f, n in used))
    lines += ["", style("bold", total), next_step([(q.id, f.name, f.score, f.max_score) for q, f in rows], pack, _)]
    return lines


def file_problem(results, qid, functions, filename):
    """A test failed with the one sentence every check of these functions failed with, when there are
    several of them and it names their file (missing, or it does not import): worth saying once."""
    commons = [failed_checks(results, qid, f.name)[0] for f in functions]
    if len(functions) < 2 or None in commons or len({t.feedback for t in commons}) != 1:
        return None
    return commons[0] if filename in commons[0].feedback else None


def function_lines(results, question, f, style, lang, say_common=True):
    """A function's lines: its score, then each failed check and its feedback (in `lang`)."""
    _ = translator(lang)
    kind = status_of(f.score, f.max_score)
    lines = [f"  {style(kind, MARKS[kind])} {f.name}  {f.score:g} / {f.max_score}"]
    if kind == "pass":
        return lines
    lines[0] += "  " + style("dim", _("value checks {passed}/{total} passed").format(
        passed=f.value_passed, total=f.value_total))
    common, failed = failed_checks(results, question.id, f.name)
    if common is not None:
        if say_common:
            lines.append("      " + said(common, question, lang))
        return lines
    for t in failed:
        counted = "" if t.counted else style("dim", " " + _("(not counted yet)"))
        lines.append(f"    {style('fail', MARKS['fail'])} {described(t, question, lang)}{counted}")
        lines.extend("        " + style("dim", line) for line in said(t, question, lang).splitlines() if line.strip())
    if not f.properties_count and f.property_total:
        function = question.function(f.name)
        note = f.pending(function.labels_in(lang))
        lines.append("    " + style("dim", translate(note, translator(lang, question.folder))))
    return lines


def next_step(verdicts, pack, _):
    """One line from [(qid, function, score, max score)]: the first unsolved function and how to
    get a hint for it, or what to read now."""
    for qid, name, score, top in verdicts:
        if score < top:
            return _("Next: {qid} {name}. Stuck? gdgrade hint {qid} {name}").format(qid=qid, name=name)
    first = verdicts[0][0] if verdicts else pack.questions[0].id
    return _("Everything checked passes. gdgrade explain {qid} shows what the experiment means.").format(qid=first)


def exit_status(results, functions):
    rows = function_rows(results, functions)
    return EXIT_PASSED if rows and all(f.score >= f.max_score for _q, f in rows) else EXIT_NOT_YET


def run(args):
    from gdgrade.pack import load_pack
    from gdgrade.selfstudy.targets import resolve, working_folder
    pack = load_pack()
    folder = working_folder(args.path, pack)
    qids, functions = resolve(args.targets, pack)
    if args.watch:
        from gdgrade.selfstudy.watch import watch
        return watch(folder, qids, functions, args.seed, args.lang, args.jobs)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        pack, results = grade_folder(folder, qids, args.seed, args.jobs, progress)
    finally:
        if progress:
            progress.clear()
    style = Style(wants_colour())
    print("\n".join(render(results, pack, functions, folder, args.lang, style)))
    return exit_status(results, functions)


class _Progress:
    """One updating line on stderr while questions are graded (only on a terminal)."""

    def __call__(self, line):
        sys.stderr.write("\r\033[K" + line)
        sys.stderr.flush()

    def clear(self):
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
