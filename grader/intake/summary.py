"""The intake's summary: one row per candidate from its results.json, as CSV, JSON and HTML.

Deterministic: the same candidates give byte-identical files except for measured times
(the ``time`` column and field, and the HTML's time cells and "slowest" section).
"""

import csv
import io
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from gdgrade.intake import ledger, similarity
from gdgrade.results import write_atomically

_env = Environment(loader=PackageLoader("gdgrade.intake", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
SLOWEST = 5
BINS = ("0", "up to 25%", "up to 50%", "up to 75%", "below 100%", "100%")


def _num(x):
    """Scores are multiples of 1/8: print them exactly and briefly."""
    x = float(x)
    return str(int(x)) if x == int(x) else f"{x:.3f}".rstrip("0")


def row_from(folder, pack, questions):
    """The summary row of a committed candidate folder (None if it has no entry)."""
    entry = ledger.read_entry(folder)
    if entry is None:
        return None
    try:
        with open(Path(folder) / ledger.RESULTS, encoding="utf-8") as fh:
            results = json.load(fh)
    except (OSError, ValueError):
        results = {}
    per_q = {q: 0.0 for q in questions}
    for t in results.get("tests", ()):
        tags = t.get("tags") or ()
        if tags and tags[0] in per_q:
            per_q[tags[0]] += float(t.get("score", 0.0))
    internal = sum(1 for t in results.get("tests", ()) if "grader defect" in str(t.get("output", "")))
    return {"name": entry["name"], "total": float(results.get("score", 0.0)),
            "max_score": float(results.get("max_score", sum(pack.question(q).points for q in questions))),
            "questions": per_q, "time": float(results.get("execution_time", 0.0)),
            "isolation": (results.get("isolation") or {}).get("level", ""),
            "status": entry.get("status", ""), "reason": entry.get("reason", ""),
            "hash": entry.get("hash", ""), "format": entry.get("format", ""),
            "source": list(entry.get("source", ())), "notes": list(entry.get("notes", ())),
            "defects": internal, "report": f"{entry['name']}/{ledger.REPORT}"}


def rejected_row(name, reason, pack, questions, source=()):
    """A row for an entry that has no folder (its name is reserved or not UTF-8)."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    source = [s.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for s in source]
    return {"name": name, "total": 0.0, "max_score": float(sum(pack.question(q).points for q in questions)),
            "questions": {q: 0.0 for q in questions}, "time": 0.0, "isolation": "", "status": "rejected",
            "reason": reason, "hash": "", "format": "", "source": list(source), "notes": [], "defects": 0, "report": ""}


def similar(out_dirs_by_name, rows, pack):
    """Similarity flags over the graded submissions (their normalised files in <folder>/submission)."""
    from gdgrade.intake.batch import modules_of
    names = {f for fs in modules_of(pack).values() for f in fs}
    excluded = similarity.stub_fingerprints(_stub_files(pack))
    profiles = {}
    for row in rows:
        if row["status"] != "graded":
            continue
        folder = out_dirs_by_name.get(row["name"])
        sub = Path(folder) / ledger.SUBMISSION if folder else None
        if sub is None or not sub.is_dir():
            continue
        files = {p.name: p.read_bytes() for p in sorted(sub.glob("*.py"))}
        profiles[row["name"]] = similarity.profile(files, names, excluded)
    by_name = {r["name"]: r for r in rows}
    pairs = similarity.similar_pairs(profiles)
    for p in pairs:
        p["score_a"], p["score_b"] = by_name[p["a"]]["total"], by_name[p["b"]]["total"]
    return pairs


def _stub_files(pack):
    """The stubs' text as candidates received it: challenges/ of the clone gdgrade runs from
    ({} when installed without one: then nothing is excluded)."""
    import gdgrade
    folder = Path(gdgrade.__file__).resolve().parent.parent / "challenges"
    return {q.filename: (folder / q.filename).read_bytes() for q in pack.questions
            if (folder / q.filename).is_file()}


def document(rows, pairs, meta):
    return {**meta, "candidates": sorted(rows, key=lambda r: r["name"]), "similar": pairs}


def to_csv(rows, questions):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "total", *questions, "time", "isolation", "status", "content_hash", "reason"])
    for r in sorted(rows, key=lambda r: r["name"]):
        w.writerow([r["name"], _num(r["total"]), *(_num(r["questions"][q]) for q in questions),
                    f"{r['time']:.2f}", r["isolation"], r["status"], r["hash"], r["reason"]])
    return buf.getvalue()


def _bin(score, most):
    if score <= 0:
        return 0
    if score >= most:
        return 5
    return min(4, 1 + int(4 * score / most - 1e-9))


def histograms(rows, questions, pack):
    """Per question (and the total): counts of candidates per score band, ready to draw."""
    scored = [r for r in rows if r["status"] == "graded"]
    out = []
    for qid in [*questions, "total"]:
        most = sum(pack.question(q).points for q in questions) if qid == "total" else pack.question(qid).points
        counts = [0] * len(BINS)
        for r in scored:
            counts[_bin(r["total"] if qid == "total" else r["questions"][qid], most)] += 1
        peak = max(counts) or 1
        out.append({"id": qid, "max": most, "bars": [{"label": label, "count": c, "height": round(32 * c / peak, 1),
                                                      "x": 4 + 22 * k}
                                                     for k, (label, c) in enumerate(zip(BINS, counts))],
                    "mean": _num(sum(r["total"] if qid == "total" else r["questions"][qid] for r in scored)
                                 / len(scored)) if scored else "-"})
    return out


def render_html(doc, pack, links=True):
    rows = doc["candidates"]
    questions = doc["questions"]
    by_total = sorted(rows, key=lambda r: (-r["total"], r["name"]))
    flags = []
    for r in sorted(rows, key=lambda r: r["name"]):
        for note in r["notes"]:
            flags.append({"name": r["name"], "text": note})
        if r["defects"]:
            flags.append({"name": r["name"], "text": f"{r['defects']} test(s) hit a grader defect: see its results"})
        if r["isolation"] and r["isolation"] != "bubblewrap":
            flags.append({"name": r["name"], "text": f"graded at the {r['isolation']} level"})
    failing = [r for r in sorted(rows, key=lambda r: r["name"]) if r["status"] != "graded" or r["total"] == 0]
    slowest = sorted((r for r in rows if r["status"] == "graded"), key=lambda r: (-r["time"], r["name"]))[:SLOWEST]
    return _env.get_template("summary.html.j2").render(
        doc=doc, questions=questions, by_total=by_total, by_name=sorted(rows, key=lambda r: r["name"]),
        hist=histograms(rows, questions, pack), flags=flags, failing=failing, slowest=slowest,
        pairs=doc["similar"], num=_num, links=links,
        counts={s: sum(1 for r in rows if r["status"] == s) for s in ("graded", "rejected", "error")})


def render_not_graded(entry):
    return _env.get_template("not_graded.html.j2").render(entry=entry)


def write(out, rows, meta, pack):
    """summary.csv, summary.json and summary.html in `out`, each written atomically."""
    out = Path(out)
    folders = {r["name"]: out / r["name"] for r in rows}
    pairs = similar(folders, rows, pack)
    doc = document(rows, pairs, meta)
    write_atomically(out / "summary.csv", to_csv(rows, meta["questions"]))
    write_atomically(out / "summary.json", json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    write_atomically(out / "summary.html", render_html(doc, pack))
    return doc
