"""The learner's state in the working folder: ``.gdgrade/hints.json``, the hints shown so far.

{"version": 1, "hints": {"q04": {"convexity_map": 2}}}: stages shown per function. It is
written by ``gdgrade hint`` and read by ``gdgrade check`` and by ``gdgrade grade`` (whose
staff report says how many hints were used). The candidate controls this file, so it is
a record of what they asked for, never proof of what they did not.
"""

import json
from pathlib import Path

from gdgrade.results import write_atomically

STATE_DIR = ".gdgrade"
HINTS_FILE = "hints.json"


def hints_path(folder):
    return Path(folder) / STATE_DIR / HINTS_FILE


def read_hints(folder):
    """{qid: {function: stages shown}}; {} when there is no state file or it cannot be read
    (a learner may delete or break it; that only forgets what was shown)."""
    try:
        doc = json.loads(hints_path(folder).read_text(encoding="utf-8"))
        hints = doc["hints"]
        return {str(q): {str(f): int(n) for f, n in fns.items() if int(n) > 0}
                for q, fns in hints.items() if isinstance(fns, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def record_hint(folder, qid, function, shown):
    """Remember that `shown` stages of `function`'s hints have been shown (never fewer than before)."""
    hints = read_hints(folder)
    before = hints.setdefault(qid, {}).get(function, 0)
    hints[qid][function] = max(before, shown)
    hints_path(folder).parent.mkdir(exist_ok=True)
    write_atomically(hints_path(folder), json.dumps({"version": 1, "hints": hints}, indent=1, sort_keys=True) + "\n")
    return hints[qid][function]


def hints_used(folder, pack):
    """[(qid, function, stages shown)] in the pack's order, for functions of the pack only."""
    hints = read_hints(folder)
    return [(q.id, f.name, min(hints[q.id][f.name], len(f.hints)))
            for q in pack.questions for f in q.functions
            if hints.get(q.id, {}).get(f.name, 0) > 0 and f.hints]
