"""Write every outcome of every submission in tests/submissions/ (and the reference and the stubs), one JSON
line per test: (submission, question, function, test, passed, counted, score, feedback, internal), and
one total per submission. Two files (before and after a speed change, or --jobs 1 and the default)
compared line by line show whether any score or sentence changed.

    python bench/outcomes.py OUT.jsonl [--jobs N] [--only PREFIX]

Sentences that report measured times or MiB (slow mutants, time-outs, copies) differ run to run.
The hostile submissions that need scaffolding (detached writer, many children, writes outside)
are left to tests/test_hostile.py. Figures only; nothing here is asserted.
"""
import json, sys, shutil, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import REFERENCE, CHALLENGES, WRONG, VARIANT, SUBMISSIONS, mutant_submission, reference_submission
from test_hostile import hostile_submission
from test_junk import junk_submission, FAMILIES, HAND_WRITTEN
from gdgrade.cli import grade

out, jobs = sys.argv[1], None
only = None
if "--jobs" in sys.argv:
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1])
if "--only" in sys.argv:
    only = sys.argv[sys.argv.index("--only") + 1]
tmp = Path(tempfile.mkdtemp(prefix="gdgrade-outcomes-"))
cases = [("reference", lambda d: reference_submission(d), None), ("stubs", lambda d: CHALLENGES, None)]
for m in sorted(WRONG.glob("q*.py")):
    cases.append((f"wrong/{m.stem}", lambda d, m=m: mutant_submission(d, m), [m.name[:3]]))
for v in sorted(p for p in VARIANT.iterdir() if p.is_dir() or p.suffix == ".py"):
    if v.is_dir():
        cases.append((f"variant/{v.name}", lambda d, v=v: v, sorted({p.name[:3] for p in v.glob("q*.py")})))
    else:
        cases.append((f"variant/{v.stem}", lambda d, v=v: mutant_submission(d, v), [v.name[:3]]))
for fam in FAMILIES:
    cases.append((f"junk/{fam}", lambda d, fam=fam: junk_submission(d, fam), None))
for h in HAND_WRITTEN:
    cases.append((f"junk/{h.name}", lambda d, h=h: h, None))
for h in sorted((SUBMISSIONS / "hostile").glob("q*.py")):
    if h.stem in ("q01_detached_writer", "q01_many_children", "q01_writes_outside"):
        continue  # need scaffolding; covered by tests/test_hostile.py
    fill = dict(repo=ROOT, marker=tmp / "marker", results=tmp / "results.json", site="/nonexistent",
                submission=tmp / "x", port=1)
    cases.append((f"hostile/{h.stem}", lambda d, h=h, fill=fill: hostile_submission(d, h.name, **fill), [h.name[:3]]))
rows = []
t0 = time.monotonic()
for k, (name, make, qs) in enumerate(cases):
    if only and not name.startswith(only):
        continue
    d = tmp / f"s{k}"
    sub = make(d)
    kw = {} if jobs is None else {"jobs": jobs}
    _, res = grade(Path(sub), 0, qs, **kw)
    for t in res.tests:
        rows.append([name, t.question, t.function, t.name, t.passed, t.counted, t.score, t.feedback,
                     t.internal_error])
    rows.append([name, "TOTAL", res.score])
    print(f"{time.monotonic()-t0:7.1f}s {name} {res.score}", file=sys.stderr, flush=True)
Path(out).write_text("\n".join(json.dumps(r) for r in rows) + "\n")
shutil.rmtree(tmp, ignore_errors=True)
