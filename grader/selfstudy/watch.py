"""`gdgrade check --watch`: re-check a question as soon as its file is saved; show what changed.

Polls the question files' modification times and sizes (five times a second: cheap,
and it needs no watcher library or platform API). A save re-grades only the question
whose file changed; a file that does not import just scores 0 with the reason until
the next save; Ctrl-C ends it at once, with every worker gone.
"""

import time

from gdgrade.i18n import translator
from gdgrade.selfstudy.check import (failed_checks, file_problem, function_lines, function_rows, grade_folder,
                                     next_step, render, said)
from gdgrade.selfstudy.terminal import Style, wants_colour

POLL_SECONDS = 0.2
SETTLE_SECONDS = 0.05    # an editor may write a file in several steps: wait until it stops changing


def snapshot(folder, pack, qids):
    """{qid: (mtime_ns, size) of its file, or None when it is missing}."""
    stamps = {}
    for qid in qids:
        try:
            st = (folder / pack.question(qid).filename).stat()
            stamps[qid] = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamps[qid] = None
    return stamps


def verdicts(results, functions):
    """{(qid, function): (score, max, the feedback of its failed checks)}: what a change is measured by."""
    out = {}
    for q, f in function_rows(results, functions):
        common, failed = failed_checks(results, q.id, f.name)
        out[(q.id, f.name)] = (f.score, f.max_score, common.feedback if common else
                               tuple((t.name, t.feedback) for t in failed))
    return out


def changes(before, after, results, pack, lang, style):
    """Lines for the functions whose verdict changed, and one line per question that did not."""
    _ = translator(lang)
    lines = []
    for q in results.questions:
        moved = [(f, before.get((q.id, f.name))) for f in q.functions
                 if (q.id, f.name) in after and before.get((q.id, f.name)) != after[(q.id, f.name)]]
        if not moved:
            score = sum(after[(q.id, f.name)][0] for f in q.functions if (q.id, f.name) in after)
            lines.append(style("dim", _("{qid}: no change ({score} / {top})").format(
                qid=q.id, score=f"{score:g}", top=q.max_score)))
        question = pack.question(q.id)
        # A file that stopped importing fails every function with one sentence: say it once.
        problem = file_problem(results, q.id, [f for f, _old in moved], question.filename)
        if problem:
            lines.append("  " + said(problem, question, lang))
        for f, old in moved:
            if f.score >= f.max_score:
                lines.append(style("pass", _("✓ {qid} {name} now passes ({score} / {top})").format(
                    qid=q.id, name=f.name, score=f"{f.score:g}", top=f.max_score)))
                continue
            was = _("was {score}").format(score=f"{old[0]:g}") if old else ""
            head, *rest = function_lines(results, question, f, style, lang, say_common=not problem)
            lines.append(f"{head}  {style('dim', was)}".rstrip() if was else head)
            lines.extend(rest)
    return lines


def watch(folder, qids, functions, seed, lang, jobs, out=print, poll=POLL_SECONDS):
    from gdgrade.pack import load_pack
    _ = translator(lang)
    style = Style(wants_colour())
    pack = load_pack()
    out(_("Watching {folder}: save a file to re-check its question. Ctrl-C stops.").format(folder=folder))
    try:
        stamps = snapshot(folder, pack, qids)
        _pack, results = grade_folder(folder, qids, seed, jobs)
        out("\n".join(render(results, pack, functions, folder, lang, style)))
        known = verdicts(results, functions)
        while True:
            time.sleep(poll)
            now = snapshot(folder, pack, qids)
            if now == stamps:
                continue
            time.sleep(SETTLE_SECONDS)
            now = snapshot(folder, pack, qids)
            changed = [q for q in qids if now[q] != stamps[q]]
            stamps = now
            if not changed:
                continue
            files = ", ".join(pack.question(q).filename for q in changed)
            out("")
            out(style("bold", time.strftime("%H:%M:%S ") + _("{files} changed").format(files=files)))
            _pack, results = grade_folder(folder, changed, seed, jobs)
            fresh = verdicts(results, functions)
            out("\n".join(changes(known, fresh, results, pack, lang, style)))
            known.update(fresh)
            total = sum(v[0] for v in known.values())
            top = sum(v[1] for v in known.values())
            ordered = [(q.id, f.name, *known[(q.id, f.name)][:2]) for q in pack.questions
                       for f in q.functions if (q.id, f.name) in known]
            out(style("bold", _("total {score} / {top}").format(score=f"{total:g}", top=top)) + "  "
                + next_step(ordered, pack, _))
    except KeyboardInterrupt:
        out("")
        out(_("Stopped watching."))
        return 0

