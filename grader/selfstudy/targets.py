"""What a self-study command works on: the working folder, and the questions and functions named."""

from pathlib import Path


def usage(message):
    from gdgrade.cli import UsageError
    return UsageError(message)


def working_folder(path, pack):
    """The folder of the learner's solutions: --path DIR, else ./challenges, else . when it holds
    a question file."""
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise usage(f"--path {folder} is not a folder")
        return folder
    if Path("challenges").is_dir():
        return Path("challenges")
    if any(Path(q.filename).is_file() for q in pack.questions):
        return Path(".")
    raise usage("no challenges/ folder here and no question file (q01_perturb.py ...); "
                "run it where you unpacked the kit, or pass --path DIR")


def resolve(names, pack):
    """(question ids, function names or None for all) named by `names`: question ids (q04),
    file names with or without .py (q04_surface), function names (convexity_map)."""
    if not names:
        return [q.id for q in pack.questions], None
    qids, functions = [], set()
    for name in names:
        found = _one(name.strip(), pack)
        if found is None:
            known = ", ".join(q.id for q in pack.questions)
            raise usage(f"unknown question or function {name!r} (questions: {known}; "
                        "or a function name such as perturb_and_measure)")
        qid, function = found
        if qid not in qids:
            qids.append(qid)
        if function:
            functions.add((qid, function))
        else:
            functions.update((qid, f.name) for f in pack.question(qid).functions)
    return sorted(qids), functions


def _one(name, pack):
    for q in pack.questions:
        if name.lower() in (q.id, q.module, q.filename):
            return q.id, None
        for f in q.functions:
            if name == f.name:
                return q.id, f.name
    return None


def question_and_function(qid, function, pack):
    """(Question, Function or None) for `gdgrade hint q04 [FUNCTION]`."""
    found = _one(qid, pack)
    if found is None or found[1] is not None:
        raise usage(f"unknown question {qid!r} (known: {', '.join(q.id for q in pack.questions)})")
    question = pack.question(found[0])
    if function is None:
        return question, None
    for f in question.functions:
        if f.name == function:
            return question, f
    raise usage(f"{question.id} has no function {function!r} "
                f"(its functions: {', '.join(f.name for f in question.functions)})")
