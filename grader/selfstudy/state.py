"""The learner's state in the working folder: ``.gdgrade/hints.json``, the hints shown so far.

{"version": 1, "hints": {"q04": {"convexity_map": 2}}}: stages shown per function. It is
written by ``gdgrade hint`` and read by ``gdgrade check`` and by ``gdgrade grade`` (whose
staff report says how many hints were used). The candidate controls this file, so it is
a record of what they asked for, never proof of what they did not.
"""

import json
import os
import stat
from pathlib import Path

from gdgrade.results import write_atomically

STATE_DIR = ".gdgrade"
HINTS_FILE = "hints.json"


def hints_path(folder):
    return Path(folder) / STATE_DIR / HINTS_FILE


MAX_BYTES = 64 << 10     # the record of 21 functions is a few hundred bytes


def read_hints(folder):
    """{qid: {function: stages shown}}; {} when there is no state file or it cannot be read
    (a learner may delete or break it; that only forgets what was shown).

    `gdgrade grade` reads it from a submission, so it is read as hostile data: a regular
    file only (no link, FIFO or device to block or flood the grader), at most MAX_BYTES."""
    try:
        fd = os.open(hints_path(folder), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return {}
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return {}
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return {}
    finally:
        os.close(fd)
    try:
        hints = json.loads(data.decode("utf-8"))["hints"] if len(data) <= MAX_BYTES else {}
        shown = {str(q): {str(f): n for f, n in fns.items() if type(n) is int and 0 < n < 100}
                 for q, fns in hints.items() if isinstance(fns, dict)}
        return {q: fns for q, fns in shown.items() if fns}
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
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
