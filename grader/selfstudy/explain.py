"""`gdgrade explain q04 [--force]`: a question's explanation and its misconceptions with corrections.

The explanation gives the answer away, so before the question is solved it asks first;
without a terminal to ask on it refuses unless --force.
"""

import sys

from gdgrade.i18n import pick, translator
from gdgrade.selfstudy.hint import wrap

EXIT_REFUSED = 1


def solved(folder, question):
    """(score, max score) of `question` in the working folder, graded now."""
    from gdgrade.selfstudy.check import grade_folder
    _pack, results = grade_folder(folder, [question.id])
    q = results.questions[0]
    return q.score, q.max_score


def run(args):
    from gdgrade.pack import load_pack
    from gdgrade.selfstudy.targets import question_and_function, working_folder
    _ = translator(args.lang)
    pack = load_pack()
    question, _function = question_and_function(args.question, None, pack)
    if not args.force:
        score, top = solved(working_folder(args.path, pack), question)
        if score < top:
            status = _("{qid} is not solved yet ({score} / {top}), and its explanation gives the answer "
                       "away.").format(qid=question.id, score=f"{score:g}", top=top)
            if not sys.stdin.isatty():
                print(f"gdgrade: {status} " + _("Pass --force to see it anyway."), file=sys.stderr)
                return EXIT_REFUSED
            answer = input(f"{status} " + _("Show it anyway? [y/N] "))
            if answer.strip().lower() not in ("y", "yes", "예", "네", "ㅇ"):
                return EXIT_REFUSED
    print("\n".join(lines(question, args.lang)))
    return 0


def lines(question, lang):
    _ = translator(lang)
    out = [f"{question.id}  {pick(question.title, lang)}", "", wrap(pick(question.explanation, lang))]
    if question.misconceptions:
        out += ["", _("Misconceptions, and what the experiment shows instead:")]
        for m in question.misconceptions:
            out.append(wrap("✗ " + pick(m["claim"], lang), "  ", "  "))
            if m["correction"]:
                out.append(wrap("→ " + pick(m["correction"], lang), "    ", "  "))
    return out
