"""`gdgrade hint q04 [FUNCTION] [--more]`: the hints of a function, one stage more each time asked.

Stages go from the idea to the pitfall and none hands over the code. What has been shown
is remembered in the working folder (gdgrade.selfstudy.state), so `check` and a later
`grade` can say how many hints were used.
"""

import shutil
import textwrap

from gdgrade.i18n import pick, translator
from gdgrade.selfstudy.state import read_hints, record_hint


def choose_function(question, shown):
    """The function a bare `gdgrade hint q04` means: the only one, else the first whose hints have
    not all been shown (else the last)."""
    for f in question.functions:
        if f.hints and shown.get(f.name, 0) < len(f.hints):
            return f
    return question.functions[-1]


def wrap(text, indent="", hang=""):
    """`text` filled to the terminal's width (at most 100 columns); later lines indented by `hang` more."""
    width = max(40, min(100, shutil.get_terminal_size((88, 24)).columns) - 2)
    return textwrap.fill(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent + hang)


def run(args):
    from gdgrade.pack import load_pack
    from gdgrade.selfstudy.targets import question_and_function, working_folder
    _ = translator(args.lang)
    pack = load_pack()
    question, function = question_and_function(args.question, args.function, pack)
    folder = working_folder(args.path, pack)
    shown = read_hints(folder).get(question.id, {})
    function = function or choose_function(question, shown)
    if not function.hints:
        print(_("{qid} {name} has no hints.").format(qid=question.id, name=function.name))
        return 0
    before = shown.get(function.name, 0)
    last = len(function.hints)
    wanted = min(last, before + 1 if args.more or before == 0 else before)
    record_hint(folder, question.id, function.name, wanted)
    print(_("Hints for {qid} {name}:").format(qid=question.id, name=function.name))
    for stage in range(wanted):
        label = _("{stage} of {count}.").format(stage=stage + 1, count=last)
        print(wrap(f"{label} {pick(function.hints[stage], args.lang)}", "  ", " " * (len(label) + 1)))
    if args.more and before == last:
        print(_("That was the last hint. gdgrade explain {qid} shows the explanation, "
                "which gives the answer away.").format(qid=question.id))
    elif wanted < last:
        print(_("More: gdgrade hint {qid} {name} --more").format(qid=question.id, name=function.name))
    others = [f.name for f in question.functions if f is not function]
    if others and args.function is None:
        print(_("Other functions of {qid}: {names}").format(qid=question.id, names=", ".join(others)))
    return 0
