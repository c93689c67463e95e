"""The intake's ledger: one folder per candidate in the output directory, committed by a rename.

Why files and not SQLite: a candidate's folder (entry.json, results.json, report.html,
the graded submission) is one unit that appears complete or not at all (it is built in
``.staging/`` and renamed into place), parallel graders never contend for one database
file, shards on a cluster's shared file system (where SQLite's locking is unreliable)
need nothing but folders, and ``merge`` only reads them. ``entry.json`` is the record:
content hash of the normalised submission, gdgrade and contract versions, seed and
questions decide whether a re-run may keep it.
"""

import ctypes
import json
import os
import secrets
import shutil
from pathlib import Path

STAGING = ".staging"
LOCK = ".intake.lock"
SUMMARY_FILES = ("summary.csv", "summary.json", "summary.html")
ENTRY = "entry.json"
RESULTS = "results.json"
REPORT = "report.html"
SUBMISSION = "submission"
_RENAME_EXCHANGE = 2


def key(pack_version, contract, seed, questions):
    """What, besides the content hash, must match for a finished grading to be kept."""
    return {"gdgrade": pack_version, "contract": contract, "seed": seed, "questions": list(questions)}


def read_entry(folder):
    """entry.json of a committed candidate folder, or None (missing, unreadable, incomplete)."""
    folder = Path(folder)
    try:
        with open(folder / ENTRY, encoding="utf-8") as fh:
            entry = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or not (folder / RESULTS).is_file():
        return None
    return entry


def is_current(entry, content_hash, run_key):
    return (entry is not None and entry.get("status") in ("graded", "rejected")
            and entry.get("hash") == content_hash and all(entry.get(k) == v for k, v in run_key.items()))


def write_json(path, doc):
    """JSON through a temporary file, fsync and a rename."""
    from gdgrade.results import write_atomically
    write_atomically(path, json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def new_staging(out):
    """A fresh private folder in OUT/.staging/ (same file system, so the commit is a rename)."""
    root = Path(out) / STAGING
    root.mkdir(mode=0o700, exist_ok=True)
    folder = root / secrets.token_hex(8)
    folder.mkdir(mode=0o700)
    return folder


def sweep_staging(out):
    """Remove what an interrupted run left in OUT/.staging/ (never a committed result)."""
    shutil.rmtree(Path(out) / STAGING, ignore_errors=True)


def commit(staged, dest):
    """Put the staged folder at `dest`, replacing what is there in one atomic exchange where
    the kernel offers it (renameat2), else by two renames (in between, `dest` is missing,
    which a re-run treats as not graded)."""
    staged, dest = Path(staged), Path(dest)
    _fsync_tree(staged)
    if dest.exists():
        if _exchange(staged, dest):
            shutil.rmtree(staged, ignore_errors=True)
        else:
            old = staged.with_name(staged.name + ".old")
            os.rename(dest, old)
            os.rename(staged, dest)
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staged, dest)
    _fsync_dir(dest.parent)


def _exchange(a, b):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE) == 0


def _fsync_tree(folder):
    for top, dirs, files in os.walk(folder):
        for name in files:
            try:
                fd = os.open(os.path.join(top, name), os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError:
                pass
        _fsync_dir(top)


def _fsync_dir(folder):
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
