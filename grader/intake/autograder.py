"""Inside Gradescope: grade ROOT/submission (any intake format), write ROOT/results/results.json.

Fails closed as GRADER.md § Trust asks: candidate code runs only in a sandbox
(bubblewrap, else the separate-user level, which Gradescope's root containers allow);
where neither can run, nothing of the submission runs and results.json gives 0 points
with the reason. Always exits 0, so Gradescope shows that output rather than a crash.
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from gdgrade.intake import batch, entries, ledger


def _write(results_dir, doc):
    results_dir.mkdir(parents=True, exist_ok=True)
    ledger.write_json(results_dir / "results.json", doc)


def grade_root(root):
    """Grade root/submission; returns the results document written to root/results/results.json."""
    from gdgrade.pack import load_pack
    root = Path(root)
    pack = load_pack()
    results_dir = root / "results"
    work = Path(tempfile.mkdtemp(prefix="gdgrade-autograder-"))   # private (0700): workers cannot reach it
    try:
        entry = root / "submission"
        top = [p for p in entry.iterdir() if not p.name.startswith(".")] if entry.is_dir() else []
        if len(top) == 1 and top[0].suffix.lower() in (".zip", ".py", ".ipynb") and top[0].is_file():
            entry = top[0]      # one uploaded file: read it as that format
        try:
            sub = entries.load(entry, batch.modules_of(pack))
        except entries.Rejected as exc:
            doc = batch.zero_results(f"the submission cannot be graded: {exc}", pack.points, "rejected")
            _write(results_dir, doc)
            return doc
        sub.write(work / "submission")
        argv = batch.grade_argv(work / "submission", work / "results.json", work / "report.html", 0, [], False)
        code, last = batch.run_grade(argv, work / "grade.log")
        if code == 0 and (work / "results.json").is_file():
            with open(work / "results.json", encoding="utf-8") as fh:
                doc = json.load(fh)
            if sub.notes:
                doc["output"] = "Submission: " + "; ".join(sub.notes) + ".\n" + doc.get("output", "")
        elif code == 2 and "no sandbox" in last:
            doc = batch.zero_results("not graded: this autograder found no sandbox for candidate code, and "
                                     "gdgrade never runs it unsandboxed. " + last.removeprefix("gdgrade: error: "),
                                     pack.points, "no sandbox")
        else:
            doc = batch.zero_results(f"the grader failed (exit status {code}): {last}. Please tell the staff.",
                                     pack.points, "error")
        _write(results_dir, doc)
        return doc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    root = argv[0] if argv else os.environ.get("GDGRADE_AUTOGRADER_ROOT", "/autograder")
    try:
        doc = grade_root(root)
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results.json whatever happens
        doc = batch.zero_results(f"the grader failed: {type(exc).__name__}: {exc}. Please tell the staff.", 100,
                                 "error")
        _write(Path(root) / "results", doc)
    print(doc.get("output", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
