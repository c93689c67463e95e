"""The gdgrade command line: main(argv) -> exit status; the one place that wires modules.

Exit statuses: 0 grading ran to the end (whatever the score); 2 the grader could
not run (bad flags, unreadable submission or output path), with one error line;
1 a defect of the grader itself (set GDGRADE_DEBUG=1 for its traceback); 130
interrupted (Ctrl-C), nothing written.
"""

import argparse
import gc
import os
import sys
import time
from pathlib import Path

# One BLAS thread per grading process, set before NumPy loads, as in the workers: grading already
# puts a process on every core, and OpenBLAS's extra threads spin while they wait for work,
# taking the core a worker's round trip needs; a reference value does not then depend on how
# many cores summed it.
for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")

from gdgrade.sandbox.base import NoSandbox  # noqa: E402 - after the BLAS threads are set

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130   # 128 + SIGINT, as shells report it


class UsageError(Exception):
    """A mistake in how gdgrade was called; reported as one line, exit status 2."""


# Modules that add subcommands besides `grade`: each has register(subparsers), which adds
# its parser with set_defaults(run=function(args) -> exit status). Imported when the
# parser is built, so they import what they need inside their functions.
_COMMAND_MODULES = ("gdgrade.intake.commands", "gdgrade.selfstudy.commands")


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _parser():
    from gdgrade import __version__
    from gdgrade.i18n import DEFAULT_LANGUAGE, LANGUAGES
    from gdgrade.report import AUDIENCES, DEFAULT_AUDIENCE
    from gdgrade.pack import load_pack
    p = _Parser(prog="gdgrade", description="Grade a gradient-descent challenge submission.")
    p.add_argument("--version", action="version",
                   version=f"gdgrade {__version__} (challenge contract CHALLENGES.md {load_pack().contract})")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a submission folder laid out like challenges/")
    g.add_argument("submission", help="folder with q01_perturb.py ... q10_plateau.py")
    g.add_argument("--json", metavar="PATH", help="write Gradescope results.json here")
    g.add_argument("--html", metavar="PATH", help="write the HTML report here")
    g.add_argument("--seed", type=int, default=0, help="seed of the hidden inputs (default 0)")
    g.add_argument("--questions", metavar="IDS",
                   help="grade only these questions, e.g. q01,q03 (default: all)")
    g.add_argument("--jobs", type=_positive_int, metavar="N",
                   help="grade up to N questions at the same time (default: one per core; never more than "
                        "the questions that start a worker); the results do not depend on it")
    g.add_argument("--allow-unsandboxed", action="store_true",
                   help="grade even where neither bubblewrap nor a separate user can run, with candidate "
                        "code as a plain process of yours (it can read and write what you can)")
    g.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                   help=f"language of the HTML report (default {DEFAULT_LANGUAGE}); results.json stays English")
    g.add_argument("--audience", choices=AUDIENCES, default=DEFAULT_AUDIENCE,
                   help=f"who the HTML report is for (default {DEFAULT_AUDIENCE}): staff adds the inputs of each "
                        "failed check's last call, every question's explanation and figures and every hint stage, "
                        "and, folded away, what the isolation blocks and does not, the hints the candidate "
                        "recorded and grader defects")
    g.set_defaults(run=_run_grade)
    import importlib
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _check_output(path, flag):
    if path is None:
        return None
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{flag} {path} is a directory")
    if not parent.is_dir():
        raise UsageError(f"{flag} {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{flag} {path}: folder {parent} is not writable")
    return path


def _check_submission(path):
    path = Path(path)
    if not path.exists():
        raise UsageError(f"submission {path} does not exist")
    if not path.is_dir():
        raise UsageError(f"submission {path} is not a folder (give the folder holding q01_perturb.py ...)")
    if not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"submission {path} is not readable")
    return path


def default_jobs():
    """Grading processes to use: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def grade(submission, seed=0, questions=None, progress=None, allow_unsandboxed=False, private=(), jobs=None,
          draw=False):
    """Grade a submission folder; returns (pack, Results with meta filled in).

    Fails closed: without a sandbox (the plain level) it raises NoSandbox unless
    `allow_unsandboxed`. `private`: folders results will be written to, which workers
    must not reach. `jobs`: questions graded at the same time (default: one per core, and
    never more than the questions that start a worker); the results are the same for any
    number. `draw`: draw the figures of each question solved with the submission's own
    functions (meta "figures", for the HTML report). Every process started while grading is
    dead when it returns."""
    from gdgrade.sandbox import PLAIN, NoSandbox, Sandbox, probe_soon_for
    from gdgrade.sandbox.reaper import become_subreaper, kill_descendants

    start = time.monotonic()
    become_subreaper()
    probe_soon_for()   # the sandbox's probe starts a sandboxed Python while pytest is imported here
    if draw:           # an HTML report follows: Jinja2 loads while the probe runs (report.load_templates)
        from gdgrade.report import load_templates
        load_templates()
    from gdgrade.pack import load_pack
    from gdgrade.runner import grading_processes, run_hidden_tests
    from gdgrade.scoring import score

    pack = load_pack()
    questions = questions or [q.id for q in pack.questions]
    sandbox = Sandbox(submission, private=private)
    try:
        if sandbox.level == PLAIN and not allow_unsandboxed:
            raise NoSandbox(sandbox.refusal())
        jobs = grading_processes(pack, sandbox, questions, jobs or default_jobs())
        sandbox.prepare(cores_shared=jobs > 1)
        outcomes, collection_errors, waited, drawn = run_hidden_tests(pack, sandbox, seed, questions, progress,
                                                                      jobs, draw)
    finally:
        sandbox.close()
        kill_descendants()
    if collection_errors:
        raise RuntimeError("hidden tests failed to load:\n" + "\n".join(collection_errors))
    results = score(pack, outcomes, questions)
    elapsed = time.monotonic() - start
    summary = "\n".join([f"gdgrade: {results.score:g} / {results.max_score} points. Seed {seed}. "
                         f"Isolation: {sandbox.describe()}."]
                        + [_function_line(q.id, f) for q in results.questions for f in q.functions])
    from gdgrade.selfstudy.state import hints_used
    return pack, results.with_meta(submission=str(submission), seed=seed, isolation=sandbox.isolation(),
                                   hints_used=hints_used(submission, pack),
                                   isolation_text=sandbox.describe(), isolation_level=sandbox.level,
                                   execution_time=elapsed, waited_seconds=waited, summary=summary, figures=drawn)


def _function_line(qid, f):
    """One summary line: a function's score and the state of its value and property checks."""
    line = f"{qid} {f.name}: {f.score:g} / {f.max_score}; value checks {f.value_passed}/{f.value_total} passed"
    if f.property_total:
        line += (f"; property checks {f.property_passed}/{f.property_total} held, "
                 + ("counted" if f.properties_count else "not counted yet"))
    return line + "."


def _run_grade(args):
    submission = _check_submission(args.submission)
    json_path = _check_output(args.json, "--json")
    html_path = _check_output(args.html, "--html")
    questions = None
    if args.questions:
        from gdgrade.pack import load_pack
        known = {q.id for q in load_pack().questions}
        questions = [q.strip() for q in args.questions.split(",") if q.strip()]
        unknown = [q for q in questions if q not in known]
        if unknown:
            raise UsageError(f"--questions: unknown question {unknown[0]} (known: {', '.join(sorted(known))})")

    def progress(line):
        print(line, file=sys.stderr, flush=True)

    private = sorted({str(p.resolve().parent) for p in (json_path, html_path) if p is not None})
    pack, results = grade(submission, args.seed, questions, progress, args.allow_unsandboxed, private, args.jobs,
                          draw=html_path is not None)
    if json_path:
        from gdgrade.results import write_json
        write_json(results, json_path)
    if html_path:
        from gdgrade.report import write_html
        write_html(results, pack, html_path, args.lang, args.audience)
    for t in results.tests:
        if t.internal_error:
            print(f"gdgrade: grader defect in {t.question} {t.name}: {t.internal_error}", file=sys.stderr)
    for q in results.questions:
        print(f"{q.id}  {q.score:6g} / {q.max_score}")
    print(f"total {results.score:g} / {results.max_score}  ({results.meta['execution_time']:.2f} s, "
          f"{results.meta['isolation_level']})")
    return EXIT_OK


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = _parser().parse_args(argv)
        return args.run(args)
    except (UsageError, NoSandbox) as exc:
        print(f"gdgrade: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("gdgrade: error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the single boundary for grader defects
        if os.environ.get("GDGRADE_DEBUG"):
            raise
        print(f"gdgrade: internal error: {type(exc).__name__}: {exc} "
              "(set GDGRADE_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


def run():
    """The gdgrade command: main(), then the exit. What the process holds is frozen for the garbage
    collector first (gc.freeze): the interpreter's last collections, which would walk every object
    of pytest, NumPy and Jinja2 once more only to free what the exit frees anyway, took 60 ms of a
    run of the stubs (0.45 s); now 10 ms. Callers of main() in a process that goes on keep a
    collector as it was."""
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
