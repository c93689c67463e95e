"""The intake's subcommands: batch, merge, gradescope (registered by gdgrade.cli)."""

import os
import sys
from pathlib import Path


def default_jobs():
    """Half the cores (at least 1): each `gdgrade grade` already grades its questions on every
    core (its --jobs default), so more candidates at once mostly compete (bench/batch_speed.py)."""
    from gdgrade.cli import default_jobs as cores
    return max(1, cores() // 2)


def register(sub):
    b = sub.add_parser("batch", help="grade every submission in a folder and write a summary")
    b.add_argument("input", help="folder with one entry per candidate: a folder, .py, .ipynb or .zip")
    b.add_argument("--out", required=True, metavar="DIR", help="output folder (created, private to you)")
    from gdgrade.cli import _positive_int
    b.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help=f"candidates graded at once (default {default_jobs()}: half the cores)")
    b.add_argument("--seed", type=int, default=0, help="seed of the hidden inputs (default 0)")
    b.add_argument("--questions", metavar="IDS", help="grade only these questions, e.g. q01,q03")
    b.add_argument("--shard", metavar="I/N", help="grade only shard I of N (0 <= I < N), by a hash of the name")
    b.add_argument("--allow-unsandboxed", action="store_true",
                   help="grade even where no sandbox can run (candidate code as a plain process of yours)")
    b.set_defaults(run=run_batch)
    m = sub.add_parser("merge", help="one summary from the output folders of several batch runs (shards)")
    m.add_argument("dirs", nargs="+", metavar="DIR", help="output folders of gdgrade batch")
    m.add_argument("--out", required=True, metavar="DIR", help="folder for the merged summary")
    m.set_defaults(run=run_merge)
    g = sub.add_parser("gradescope", help="write a Gradescope autograder zip")
    g.add_argument("zip", metavar="OUT.zip", help="where to write the autograder bundle")
    g.set_defaults(run=run_gradescope)


def _usage(message):
    from gdgrade.cli import UsageError
    return UsageError(message)


def _questions(text, pack):
    if not text:
        return []
    known = [q.id for q in pack.questions]
    chosen = [q.strip() for q in text.split(",") if q.strip()]
    unknown = [q for q in chosen if q not in known]
    if unknown or not chosen:
        raise _usage(f"--questions: unknown question {unknown[0] if unknown else text!r} (known: {', '.join(known)})")
    return sorted(set(chosen))


def _check_out(out, inputs):
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise _usage(f"--out {out} is not a folder")
    for i in inputs:
        i = Path(i).resolve()
        if out == i or i in out.parents or out in i.parents:
            raise _usage(f"--out {out} and {i} must not contain one another")
    if out.exists() and not os.access(out, os.W_OK | os.X_OK):
        raise _usage(f"--out {out} is not writable")
    if not out.exists() and not out.parent.is_dir():
        raise _usage(f"--out {out}: folder {out.parent} does not exist")
    return out


def run_batch(args):
    from gdgrade.cli import EXIT_INTERNAL, EXIT_OK
    from gdgrade.intake import batch
    from gdgrade.pack import load_pack
    from gdgrade.sandbox.base import NoSandbox

    pack = load_pack()
    src = Path(args.input)
    if not src.is_dir():
        raise _usage(f"intake {src} is not a folder" if src.exists() else f"intake {src} does not exist")
    out = _check_out(args.out, [src])
    jobs = default_jobs() if args.jobs is None else args.jobs     # argparse refused anything below 1
    questions = _questions(args.questions, pack)
    shard = None
    if args.shard is not None:
        try:
            shard = batch.parse_shard(args.shard)
        except ValueError as exc:
            raise _usage(str(exc)) from None
    try:
        outcomes, candidates = batch.run_batch(src, out, jobs, args.seed, questions, shard,
                                               args.allow_unsandboxed)
    except batch.BatchNoSandbox as exc:
        raise NoSandbox(f"{exc} (the batch stopped; nothing was graded without a sandbox)") from None
    except RuntimeError as exc:
        if "another gdgrade batch" in str(exc):
            raise _usage(str(exc)) from None
        raise
    doc = write_summary(out, candidates, outcomes, pack, args.seed, questions, shard)
    counts = {s: sum(1 for o in outcomes.values() if o.status == s) for s in ("graded", "kept", "rejected", "error")}
    print(f"gdgrade: {len(candidates)} candidates: {counts['graded']} graded, {counts['kept']} unchanged since "
          f"the last run, {counts['rejected']} not gradable (score 0), {counts['error']} grader errors; "
          f"{len(doc['similar'])} similar pairs worth a look; summary in {out / 'summary.html'}")
    return EXIT_INTERNAL if counts["error"] else EXIT_OK


def meta(pack, seed, questions, shard):
    from gdgrade import __version__
    return {"gdgrade": __version__, "contract": pack.contract, "seed": seed,
            "questions": list(questions) or [q.id for q in pack.questions],
            "graded_questions": list(questions), "shard": f"{shard[0]}/{shard[1]}" if shard else None}


def write_summary(out, candidates, outcomes, pack, seed, questions, shard):
    from gdgrade.intake import summary
    m = meta(pack, seed, questions, shard)
    rows = []
    for c in candidates:
        row = summary.row_from(Path(out) / c.name, pack, m["questions"])
        if row is None:
            o = outcomes.get(c.name)
            row = summary.rejected_row(c.name, o.line if o else "not graded", pack, m["questions"],
                                       [p.name for p in c.paths])
        rows.append(row)
    return summary.write(out, rows, m, pack)


def run_merge(args):
    from gdgrade.cli import EXIT_OK
    from gdgrade.intake import merge
    from gdgrade.pack import load_pack
    out = _check_out(args.out, [])
    try:
        doc = merge.merge(args.dirs, out, load_pack())
    except merge.MergeError as exc:
        raise _usage(str(exc)) from None
    print(f"gdgrade: merged {len(args.dirs)} folders: {len(doc['candidates'])} candidates, "
          f"{len(doc['similar'])} similar pairs worth a look; summary in {out / 'summary.html'}")
    return EXIT_OK


def run_gradescope(args):
    from gdgrade.cli import EXIT_OK
    from gdgrade.intake import gradescope
    path = Path(args.zip)
    if path.is_dir():
        raise _usage(f"{path} is a folder")
    if not path.parent.is_dir() and str(path.parent):
        raise _usage(f"{path}: folder {path.parent} does not exist")
    files = gradescope.build(path)
    print(f"gdgrade: wrote {path} ({', '.join(files)})", file=sys.stderr)
    return EXIT_OK
