"""Mutation testing of the hidden tests: grade single-point mutants of reference/q*.py.

    python bench/mutants.py [--questions q01,q04] [--jobs 2] [--limit K] [--seed 0]
                            [--list] [--json PATH]

Every mutant changes one thing inside one function body of one reference module and
is graded alone, on its own question, by gdgrade.cli.grade(). A survivor (full marks)
is either listed in bench/equivalent_mutants.txt as behaving like the reference on
every input the contract allows, or a gap in the hidden tests. Exit status 0 whenever
the report ran, 2 for a usage error.

Hand-written on `ast` rather than mutmut or cosmic-ray: both mutate an importable
package in place and judge each mutant by a test run's exit code, while here each
mutant must be written out as a submission file and scored by grade() in the sandbox.

Operators: relational, arithmetic (and `&`/`|`), `and`/`or`, dropped `not`/`-`/`~`, a
minus added to a number, constants (int n -> n+1, n-1; float c -> c*2, c/2; 0.0 -> 1.0;
True <-> False), swapped adjacent positional arguments, and one statement (at any depth,
docstrings excepted) replaced by `pass`, which also covers a removed `raise` or `return`.
Mutants that do not compile, equal the original or repeat another mutant are skipped.

A mutant's id is module:function:line:col:kind:detail, the line counted from the
enclosing `def`, so edits elsewhere in the file leave it unchanged.
"""

import argparse
import ast
import copy
import json
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: import this source tree
REFERENCE = ROOT / "reference"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent_mutants.txt"

_ARITH = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div, ast.Pow],
          ast.Div: [ast.Mult, ast.FloorDiv], ast.FloorDiv: [ast.Div], ast.Pow: [ast.Mult],
          ast.Mod: [ast.FloorDiv], ast.MatMult: [ast.Mult],
          ast.BitAnd: [ast.BitOr], ast.BitOr: [ast.BitAnd]}
_CMP = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt],
        ast.GtE: [ast.Gt, ast.LtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq],
        ast.Is: [ast.IsNot], ast.IsNot: [ast.Is], ast.In: [ast.NotIn], ast.NotIn: [ast.In]}
_BOOL = {ast.And: ast.Or, ast.Or: ast.And}
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


class UsageError(Exception):
    pass


def _sym(op):
    """The source text of an operator node, e.g. '<=' for ast.LtE(); ids hold no spaces."""
    x, y = ast.Name("x1"), ast.Name("x2")
    node = (ast.Compare(x, [op], [y]) if isinstance(op, ast.cmpop) else
            ast.BoolOp(op, [x, y]) if isinstance(op, ast.boolop) else
            ast.UnaryOp(op, x) if isinstance(op, ast.unaryop) else ast.BinOp(x, op, y))
    return ast.unparse(node).replace("x1", "").replace("x2", "").replace(" ", "")


def _with(node, **fields):
    """A shallow copy of node with some fields replaced."""
    new = copy.copy(node)
    new.__dict__.update(fields)
    return new


def _constants(value):
    """New values of a constant; strings (messages) and None are left alone."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1] + ([value - 1] if value > 0 else [])
    if isinstance(value, float):
        return [1.0] if value == 0 else [value * 2, value / 2]
    return []


def _candidates(node, parent):
    """(anchor, kind, detail, replacement node) for every single change of `node` itself.

    The anchor gives the id its position: the node, or for an operator its right
    operand, since `a - b - c` holds two subtractions that start at the same column."""
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        for alt in _ARITH.get(type(node.op), []):
            yield node.value if isinstance(node, ast.AugAssign) else node.right, \
                "binop", f"{_sym(node.op)}_to_{_sym(alt())}", _with(node, op=alt())
    elif isinstance(node, ast.Compare):
        for k, op in enumerate(node.ops):
            for alt in _CMP[type(op)]:
                ops = node.ops[:k] + [alt()] + node.ops[k + 1:]
                yield node.comparators[k], "cmp", f"{_sym(op)}_to_{_sym(alt())}", _with(node, ops=ops)
    elif isinstance(node, ast.BoolOp):
        alt = _BOOL[type(node.op)]()
        yield node, "bool", f"{_sym(node.op)}_to_{_sym(alt)}", _with(node, op=alt)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub, ast.Invert)):
        yield node, "unary", f"drop_{_sym(node.op)}", node.operand
    elif isinstance(node, ast.Constant) and not isinstance(parent, ast.JoinedStr):
        for value in _constants(node.value):
            yield node, "const", f"{node.value!r}_to_{value!r}", ast.Constant(value)
        if type(node.value) in (int, float) and node.value and not isinstance(parent, ast.UnaryOp):
            yield node, "unary", "add_-", ast.UnaryOp(ast.USub(), node)
    elif isinstance(node, ast.Call):
        for k in range(len(node.args) - 1):
            a, b = node.args[k], node.args[k + 1]
            if not isinstance(a, ast.Starred) and not isinstance(b, ast.Starred):
                args = node.args[:k] + [b, a] + node.args[k + 2:]
                yield node, "swap", f"args{k},{k + 1}", _with(node, args=args)
    # A bare string statement (a docstring) does nothing when run: deleting it is no mutant.
    docstring = (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                 and isinstance(node.value.value, str))
    if isinstance(node, ast.stmt) and not isinstance(node, ast.Pass) and not docstring:
        yield node, "del", "stmt", ast.Pass()


def _put(link, node):
    """Put node where link = (parent, field, index) points."""
    parent, field, index = link
    if index is None:
        setattr(parent, field, node)
    else:
        getattr(parent, field)[index] = node


def _parents(tree):
    """{child: (parent, field, index or None)} for every node of the tree."""
    links = {}
    for node in ast.walk(tree):
        for field, value in ast.iter_fields(node):
            for index, child in (enumerate(value) if isinstance(value, list) else [(None, value)]):
                if isinstance(child, ast.AST):
                    links[child] = (node, field, index)
    return links


def _own_nodes(func):
    """Nodes of func's body, without the bodies of functions defined inside it."""
    stack = list(func.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _FUNCS):
            stack.extend(ast.iter_child_nodes(node))


def _splice(lines, node, text):
    """The source with node's segment replaced by text (positions are UTF-8 byte offsets)."""
    first, last = lines[node.lineno - 1].encode(), lines[node.end_lineno - 1].encode()
    head, tail = first[:node.col_offset].decode(), last[node.end_col_offset:].decode()
    return "".join(lines[:node.lineno - 1]) + head + text + tail + "".join(lines[node.end_lineno:])


def _one_line(text, width=110):
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 4] + " ..."


def mutants_of(path):
    """Every mutant of one module, in source order: dicts with id, diff and text."""
    source = path.read_text()
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    links = _parents(tree)
    original = ast.dump(tree)
    found, seen = [], {source}
    for func in (n for n in ast.walk(tree) if isinstance(n, _FUNCS)):
        qualname, up = func.name, links.get(func)
        while up:  # prefix the names of enclosing functions
            if isinstance(up[0], _FUNCS):
                qualname = f"{up[0].name}.{qualname}"
            up = links.get(up[0])
        for node in _own_nodes(func):
            for anchor, kind, detail, new in _candidates(node, links[node][0]):
                # Apply the change to the tree itself to know the AST the mutant must have.
                _put(links[node], new)
                expected, full = ast.dump(tree), ast.unparse(tree)
                _put(links[node], node)
                if expected == original:
                    continue  # e.g. swapping two equal arguments
                # Splicing keeps the file as written; parentheses fix a precedence change,
                # and the whole-module unparse is the last resort.
                new_text = ast.unparse(new)
                for text in (_splice(lines, node, new_text), _splice(lines, node, f"({new_text})"), full):
                    try:
                        if ast.dump(ast.parse(text)) == expected:
                            compile(text, str(path), "exec")
                            break
                    except SyntaxError:
                        pass
                else:
                    continue
                if text in seen:
                    continue  # two operators that produce the same program
                seen.add(text)
                mid = (f"{path.stem}:{qualname}:{anchor.lineno - func.lineno}:{anchor.col_offset}:"
                       f"{kind}:{detail}")
                diff = f"L{node.lineno}: {_one_line(ast.unparse(node))} -> {_one_line(new_text)}"
                found.append({"id": mid, "question": path.name[:3], "file": path.name,
                              "diff": diff, "text": text, "pos": (anchor.lineno, anchor.col_offset)})
    return sorted(found, key=lambda m: (m["pos"], m["id"]))


def _grade_one(task):
    """(id, outcome) of one mutant graded in its own folder; runs in a pool process."""
    mutant, seed = task
    # Imported here, in a process used for this mutant only: each grading sees the grader
    # as it is on disk then, never a module imported before someone edited the pack.
    from gdgrade.cli import grade
    with tempfile.TemporaryDirectory(prefix="gdmutant-") as tmp:
        (Path(tmp) / mutant["file"]).write_text(mutant["text"])
        try:
            _, results = grade(Path(tmp), seed, [mutant["question"]])
        except Exception as exc:  # noqa: BLE001 - a grading error is an outcome to report
            return mutant["id"], {"status": "error", "error": f"{type(exc).__name__}: {_one_line(str(exc) or '-')}"}
    lost = {f.name: [f.score, f.max_score] for q in results.questions for f in q.functions
            if f.score < f.max_score}
    return mutant["id"], {"status": "survived" if results.score >= results.max_score else "killed",
                          "score": results.score, "max_score": results.max_score, "lost": lost,
                          "failed_tests": sorted(t.name for t in results.tests if not t.passed)}


def read_equivalent(path):
    """{mutant id: reason} from the reviewed list; '#' lines and blank lines are skipped."""
    entries = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            mid, _, reason = line.strip().partition(" ")
            entries[mid] = reason.strip()
    return entries


def _parse(argv):
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            raise UsageError(message)

    p = Parser(prog="mutants.py", description=__doc__.splitlines()[0])
    p.add_argument("--questions", help="only these questions, e.g. q01,q04 (default: all)")
    p.add_argument("--jobs", type=int, default=2, help="mutants graded at once (default 2)")
    p.add_argument("--limit", type=int, help="grade only the first K mutants")
    p.add_argument("--seed", type=int, default=0, help="seed of the hidden inputs (default 0)")
    p.add_argument("--list", action="store_true", help="print the mutants without grading")
    p.add_argument("--json", metavar="PATH", help="write every mutant's outcome here")
    args = p.parse_args(argv)
    modules = {path.name[:3]: path for path in sorted(REFERENCE.glob("q*.py"))}
    wanted = sorted({q.strip() for q in args.questions.split(",")}) if args.questions else list(modules)
    for q in wanted:
        if q not in modules:
            raise UsageError(f"--questions: unknown question {q!r} (known: {', '.join(modules)})")
    if args.jobs < 1 or (args.limit is not None and args.limit < 0):
        raise UsageError("--jobs must be >= 1 and --limit >= 0")
    if args.json and not Path(args.json).resolve().parent.is_dir():
        raise UsageError(f"--json {args.json}: its folder does not exist")
    return args, [modules[q] for q in wanted]


def _report(graded, outcomes, baseline, equivalent, seed, seconds, ids):
    """Print the figures and lists; `ids` are all mutants' ids, also those past --limit."""
    questions = list(baseline)
    status = {mid: o["status"] for mid, o in outcomes.items()}
    survivors = [m for m in graded if status[m["id"]] == "survived"]
    errors = [m for m in graded if status[m["id"]] == "error"]
    equiv = [m for m in survivors if m["id"] in equivalent]
    killed = len(graded) - len(survivors)
    print(f"mutants of reference/q*.py, questions {','.join(questions)}, seed {seed}")
    for q, outcome in baseline.items():
        if outcome["status"] != "survived":  # then every mutant of q looks killed
            got = outcome.get("error") or f"{outcome['score']:g} / {outcome['max_score']}"
            print(f"  WARNING: the unmutated reference does not get full marks on {q} ({got})")
    for q in questions:
        mine = [m for m in graded if m["question"] == q]
        alive = sum(status[m["id"]] == "survived" for m in mine)
        print(f"  {q}: {len(mine):4d} mutants, {len(mine) - alive:4d} killed, {alive:3d} survived")
    rate = f"{100 * killed / (len(graded) - len(equiv)):.1f}%" if len(graded) > len(equiv) else "n/a"
    print(f"total {len(graded)}, killed {killed} (grading errors {len(errors)}), "
          f"survived {len(survivors)}, equivalent {len(equiv)}, kill rate {rate}")

    def section(title, rows):
        print(f"\n{title} ({len(rows)}):" + "".join(f"\n  {a}\n      {b}" for a, b in rows))

    section("survivors not listed as equivalent",
            [(m["id"], m["diff"]) for m in survivors if m["id"] not in equivalent])
    section("grading errors (counted as killed)", [(m["id"], outcomes[m["id"]]["error"]) for m in errors])
    section("listed as equivalent but killed (stale entries)",
            [(m["id"], m["diff"]) for m in graded if m["id"] in equivalent and status[m["id"]] != "survived"])
    section("listed as equivalent but no such mutant",
            [(mid, reason) for mid, reason in sorted(equivalent.items())
             if mid.split("_")[0] in questions and mid not in ids])
    print(f"\ntotal time {seconds:.0f} s")


def main(argv=None):
    try:
        args, modules = _parse(sys.argv[1:] if argv is None else argv)
    except UsageError as exc:
        print(f"mutants.py: error: {exc}", file=sys.stderr)
        return 2
    mutants = [m for path in modules for m in mutants_of(path)]
    todo = mutants[:args.limit] if args.limit is not None else mutants
    if args.list:
        for m in todo:
            print(f"{m['id']}\n    {m['diff']}")
        print(f"{len(todo)} mutants")
        return 0
    start = time.monotonic()
    # The unmutated modules too: a reference without full marks voids its mutants' outcomes.
    tasks = [{"id": p.name[:3], "file": p.name, "question": p.name[:3], "text": p.read_text()}
             for p in modules] + todo
    outcomes = {}
    with Pool(args.jobs, maxtasksperchild=1) as pool:
        for n, (mid, outcome) in enumerate(pool.imap_unordered(_grade_one, [(t, args.seed) for t in tasks]), 1):
            outcomes[mid] = outcome
            print(f"[{n}/{len(tasks)}] {outcome['status']:8s} {mid}", file=sys.stderr, flush=True)
    baseline = {p.name[:3]: outcomes.pop(p.name[:3]) for p in modules}
    equivalent = read_equivalent(EQUIVALENT)
    if args.json:
        rows = [{**{k: m[k] for k in ("id", "question", "file", "diff")}, **outcomes[m["id"]],
                 "equivalent": m["id"] in equivalent} for m in todo]
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    _report(todo, outcomes, baseline, equivalent, args.seed,
            time.monotonic() - start, {m["id"] for m in mutants})
    return 0


if __name__ == "__main__":
    sys.exit(main())
