"""gdgrade merge: the output folders of several batch runs (shards) -> one intake folder and summary."""

import json
import shutil
import sys
from pathlib import Path

from gdgrade.intake import ledger, summary

_SAME = ("gdgrade", "contract", "seed", "graded_questions")


class MergeError(Exception):
    """Folders that cannot be merged; str() is the one-line reason."""


def _summary_of(folder):
    try:
        with open(Path(folder) / "summary.json", encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise MergeError(f"{folder} has no summary.json (is it the --out folder of gdgrade batch?)") from None
    except (OSError, ValueError) as exc:
        raise MergeError(f"{folder}/summary.json cannot be read ({exc})") from None
    return doc


def merge(dirs, out, pack):
    """Copy every candidate folder into `out` and write the summary there; returns its document."""
    docs = [(Path(d), _summary_of(d)) for d in dirs]
    first_dir, first = docs[0]
    for d, doc in docs[1:]:
        for k in _SAME:
            if doc.get(k) != first.get(k):
                raise MergeError(f"{d} was graded with {k} {doc.get(k)!r} but {first_dir} with {first.get(k)!r}: "
                                 "merge only runs of the same gdgrade version, contract, seed and questions")
    shards = [doc.get("shard") for _, doc in docs]
    if all(shards):
        ns = {s.split("/")[1] for s in shards}
        seen = sorted({int(s.split("/")[0]) for s in shards})
        if len(ns) == 1 and seen != list(range(int(ns.pop()))):
            print(f"gdgrade: note: shards {', '.join(shards)} do not cover every shard of the intake",
                  file=sys.stderr)
    owner, rows = {}, []
    for d, doc in docs:
        for row in doc.get("candidates", ()):
            name = row["name"]
            if name in owner:
                raise MergeError(f"candidate {name} is in both {owner[name]} and {d}: merge each shard once")
            owner[name] = d
            rows.append((d, row))
    out = Path(out)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = {k: first.get(k) for k in ("gdgrade", "contract", "seed")}
    meta = {k: first.get(k) for k in ("gdgrade", "contract", "seed", "questions", "graded_questions")}
    meta["shard"] = None
    merged = []
    for d, row in sorted(rows, key=lambda x: x[1]["name"]):
        src = d / row["name"]
        if row.get("report") and src.is_dir():
            entry = ledger.read_entry(src)
            if entry is None or any(entry.get(k) != v for k, v in key.items()):
                raise MergeError(f"{src} does not match its summary (graded with another version or seed, "
                                 "or unfinished): run gdgrade batch on it again")
            if src.resolve() != (out / row["name"]).resolve():
                staged = ledger.new_staging(out)
                try:
                    shutil.rmtree(staged)
                    shutil.copytree(src, staged, symlinks=True)
                    ledger.commit(staged, out / row["name"])
                finally:
                    shutil.rmtree(staged, ignore_errors=True)
            merged.append(summary.row_from(out / row["name"], pack, meta["questions"]))
        else:
            merged.append(row)
    shutil.rmtree(out / ledger.STAGING, ignore_errors=True)
    return summary.write(out, merged, meta, pack)
