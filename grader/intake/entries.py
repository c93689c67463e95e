"""What candidates send -> a submission folder laid out like challenges/, or a one-line reason why not.

An entry of the intake is a folder, a single ``.py`` file, a ``.zip`` of either, or a
Jupyter notebook. Everything is read into memory first (``{relative path: bytes}``,
within size caps), so nothing from a hostile archive ever touches the disk unchecked;
then one resolver decides the layout for folders and archives alike.
"""

import ast
import hashlib
import io
import json
import os
import re
import stat
import symtable
import tokenize
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SOURCE_BYTES = 1 << 20          # one .py file (a module or a whole single-file submission)
NOTEBOOK_BYTES = 32 << 20       # notebooks carry their outputs (images) too
TOTAL_BYTES = 64 << 20          # everything read from one entry (a folder or an unpacked zip)
MEMBERS = 1000                  # files in one zip or folder
FORMATS = ("folder", "py", "zip", "ipynb")
_SKIP = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|__pycache__|\.[^/]*)(/|$)")
# The record of hints a learner asked for (gdgrade.selfstudy.state), kept beside the modules so
# the staff report can say how many were used.
HINTS_FILE = ".gdgrade/hints.json"


class Rejected(Exception):
    """An entry that cannot be graded; str() is the one-line reason."""


@dataclass
class Submission:
    """A normalised submission: module files by name, and notes on what normalising changed."""

    files: dict                       # "q01_perturb.py" -> bytes
    fmt: str                          # one of FORMATS
    notes: list = field(default_factory=list)

    def content_hash(self):
        """sha256 over the normalised files (names and bytes), the ledger's key for "changed"."""
        h = hashlib.sha256(b"gdgrade-intake-1\0")
        for name in sorted(self.files):
            data = self.files[name]
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
        return h.hexdigest()

    def write(self, folder):
        folder = Path(folder)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name, data in sorted(self.files.items()):
            (folder / name).parent.mkdir(mode=0o700, exist_ok=True)
            with open(folder / name, "wb") as fh:
                fh.write(data)


def entry_name(path):
    """The candidate's name: the entry's name without its extension (a folder's whole name)."""
    path = Path(path)
    return path.name if path.is_dir() and not path.is_symlink() else path.stem


def entry_format(path):
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        return "folder"
    return path.suffix.lower().lstrip(".")


def load(path, modules):
    """Normalise the entry at `path`; `modules` maps each module file name ("q01_perturb.py")
    to the names of its challenge functions. Returns a Submission or raises Rejected."""
    path = Path(path)
    if path.is_symlink():
        raise Rejected("the entry is a symbolic link")
    fmt = entry_format(path)
    if fmt == "folder":
        sub = _resolve(_read_folder(path), modules)
    elif fmt == "zip":
        sub = _resolve(_read_zip(path), modules)
    elif fmt == "py":
        sub = split_source(_read_file(path, SOURCE_BYTES), path.name, modules)
    elif fmt == "ipynb":
        sub = notebook(_read_file(path, NOTEBOOK_BYTES), path.name, modules)
    else:
        raise Rejected(f"unsupported format {path.suffix or 'without extension'} "
                       "(send a folder, a .py file, a .ipynb notebook or a .zip of either)")
    if fmt in ("folder", "zip"):
        sub.fmt = fmt if sub.fmt == "folder" else f"{fmt} of {sub.fmt}"
    if not sub.files:
        raise Rejected("empty: no code to grade")
    return sub


def _read_file(path, cap):
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise Rejected("not a regular file")
        if st.st_size > cap:
            raise Rejected(f"{st.st_size} bytes, more than the cap of {cap} bytes")
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise Rejected(f"cannot be read ({exc.strerror})") from None
    if len(data) > cap:
        raise Rejected(f"more than the cap of {cap} bytes")
    return data


def _read_folder(root):
    """{relative posix path: bytes} of the regular files under `root`; symbolic links rejected."""
    files, total = {}, 0
    for top, dirs, names in os.walk(root, followlinks=False):
        for d in list(dirs):
            if os.path.islink(os.path.join(top, d)):
                raise Rejected(f"{_rel(root, os.path.join(top, d))} is a symbolic link")
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(top, name)
            rel = _rel(root, full)
            if os.path.islink(full):
                raise Rejected(f"{rel} is a symbolic link")
            if not _kept(rel):
                continue
            if len(files) >= MEMBERS:
                raise Rejected(f"more than {MEMBERS} files")
            data = _read_file(full, NOTEBOOK_BYTES if rel.lower().endswith(".ipynb") else
                              NOTEBOOK_BYTES if rel.lower().endswith(".zip") else SOURCE_BYTES)
            total += len(data)
            if total > TOTAL_BYTES:
                raise Rejected(f"more than {TOTAL_BYTES} bytes of code")
            files[rel] = data
    return files


def _rel(root, full):
    return PurePosixPath(Path(full).relative_to(root)).as_posix()


def _wanted(rel):
    return rel.lower().endswith((".py", ".ipynb", ".zip"))


def _kept(rel):
    """Read from an entry: source files outside hidden and tool folders, and the hints record."""
    return rel == HINTS_FILE or rel.endswith("/" + HINTS_FILE) or (not _SKIP.search(rel) and _wanted(rel))


def _read_zip(path):
    """The zip's members as {posix path: bytes}, refusing escapes, links and bombs (by declared
    size first, then by the bytes actually inflated)."""
    data = _read_file(path, TOTAL_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Rejected(f"corrupt zip ({exc})") from None
    if len(infos) > MEMBERS:
        raise Rejected(f"zip has {len(infos)} members, more than {MEMBERS}")
    declared = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\0" in name:
            raise Rejected(f"zip member {name!r} escapes the folder")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise Rejected(f"zip member {name!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise Rejected(f"zip member {name!r} is encrypted")
        declared += info.file_size
        if info.file_size > NOTEBOOK_BYTES or declared > TOTAL_BYTES:
            raise Rejected(f"zip unpacks to more than the cap ({TOTAL_BYTES} bytes in all, "
                           f"{NOTEBOOK_BYTES} per file)")
    files, total = {}, 0
    for info in infos:
        rel = PurePosixPath(info.filename.replace("\\", "/")).as_posix()
        if info.is_dir() or not _kept(rel):
            continue
        cap = NOTEBOOK_BYTES if rel.lower().endswith((".ipynb", ".zip")) else SOURCE_BYTES
        try:
            with archive.open(info) as fh:
                chunk = fh.read(cap + 1)   # never trust the declared size: read at most cap + 1
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise Rejected(f"corrupt zip member {rel!r} ({exc})") from None
        if len(chunk) > cap:
            raise Rejected(f"zip member {rel!r} unpacks to more than {cap} bytes")
        total += len(chunk)
        if total > TOTAL_BYTES:
            raise Rejected(f"zip unpacks to more than {TOTAL_BYTES} bytes")
        if rel in files:
            raise Rejected(f"zip holds {rel!r} twice")
        files[rel] = chunk
    return files


def _resolve(files, modules):
    """Folder or archive contents -> Submission: the folder holding the most module files
    (shallowest first), else the one .py or .ipynb file there is, else a reason."""
    by_dir = {}
    for rel in files:
        p = PurePosixPath(rel)
        if p.name in modules:
            by_dir.setdefault(str(p.parent), []).append(p.name)
    if by_dir:
        best = sorted(by_dir, key=lambda d: (-len(by_dir[d]), d.count("/") if d != "." else -1, d))[0]
        prefix = "" if best == "." else best + "/"
        chosen = {rel[len(prefix):]: data for rel, data in files.items()
                  if rel.startswith(prefix) and ("/" not in rel[len(prefix):] and rel.endswith(".py")
                                                 or rel[len(prefix):] == HINTS_FILE)}
        return Submission(dict(sorted(chosen.items())), "folder")
    singles = sorted(rel for rel in files if rel.lower().endswith((".py", ".ipynb", ".zip")))
    if not singles:
        raise Rejected("empty: no .py or .ipynb file")
    if len(singles) > 1:
        shown = ", ".join(singles[:3]) + (f" and {len(singles) - 3} more" if len(singles) > 3 else "")
        raise Rejected(f"no qNN_name.py files but {len(singles)} source files ({shown}): send one file "
                       "or a folder laid out like challenges/")
    rel = singles[0]
    if rel.lower().endswith(".zip"):
        raise Rejected(f"a zip inside the entry ({rel}): send one level of archive")
    if rel.lower().endswith(".ipynb"):
        sub = notebook(files[rel], rel, modules)
    else:
        sub = split_source(files[rel], rel, modules)
    sub.notes.insert(0, f"graded {rel}")
    return sub


# -- one file holding many questions ------------------------------------------------------------

def decode(data, label):
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise Rejected(f"{label} cannot be decoded ({exc})") from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_source(data, label, modules):
    """One file defining some of the 21 functions -> one module file per question, each holding
    its functions and the top-level statements they need (imports, constants, helpers), so a
    crash in one question costs only that question. Top-level code that no function needs
    (calls, prints, plots) is left out. A syntax error rejects the whole file: it cannot be split."""
    text = decode(data, label)
    return Submission(_split(text, label, modules), "py")


def _split(text, label, modules):
    try:
        tree = ast.parse(text, filename=label)
        table = symtable.symtable(text, label, "exec")
    except (RecursionError, MemoryError):
        raise Rejected(f"{label} is nested too deeply to be parsed") from None
    except (SyntaxError, ValueError) as exc:
        where = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise Rejected(f"syntax error in {label}{where}: {getattr(exc, 'msg', exc)}") from None
    lines = text.split("\n")
    stmts = [_Stmt(node, table) for node in tree.body]
    defined = {n for s in stmts for n in s.binds}
    out = {}
    for module, functions in modules.items():
        wanted = [f for f in functions if f in defined]
        if not wanted:
            continue
        keep, todo, seen = set(), list(wanted), set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for k, s in enumerate(stmts):
                if name in s.binds or (s.star and k not in keep):
                    keep.add(k)
                    todo.extend(s.uses - seen)
        keep.update(k for k, s in enumerate(stmts) if s.future)
        imports = set()
        for k in sorted(keep):   # the same import written in several places: keep the first
            if stmts[k].is_import:
                src = "\n".join(lines[stmts[k].first - 1:stmts[k].last])
                if src in imports:
                    keep.discard(k)
                imports.add(src)
        spans = sorted((stmts[k].first, stmts[k].last) for k in keep)
        chosen = []
        for first, last in spans:
            if chosen and first <= chosen[-1][1] + 1:
                chosen[-1][1] = max(chosen[-1][1], last)
            else:
                chosen.append([first, last])
        where = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in chosen)
        body = "\n\n".join("\n".join(lines[a - 1:b]) for a, b in chosen)
        future = [s for s in stmts if s.future]
        header = f"# gdgrade intake: {', '.join(wanted)} from {label} (lines {where})\n"
        if future:
            header = ""    # a __future__ import must stay the first statement
        out[module] = (header + body + "\n").encode("utf-8")
    if not out:
        raise Rejected(f"{label} defines none of the challenge functions")
    return dict(sorted(out.items()))


class _Stmt:
    """A top-level statement: the lines it spans, the module names it binds and the ones it uses."""

    def __init__(self, node, table):
        starts = [node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())]
        self.first, self.last = min(starts), node.end_lineno
        self.future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        self.is_import = isinstance(node, (ast.Import, ast.ImportFrom))
        self.star = isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
        self.binds = _binds(node)
        self.uses = _module_loads(node)
        for child in table.get_children():
            if self.first <= child.get_lineno() <= self.last:
                self.uses |= _globals_of(child)


def _binds(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {a.asname or a.name.split(".")[0] for a in node.names if a.name != "*"}
    names = set()
    for sub in _walk_module_scope(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names |= {a.asname or a.name.split(".")[0] for a in sub.names if a.name != "*"}
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            names.add(sub.name)
    return names


def _walk_module_scope(node):
    """The nodes evaluated in module scope: not the bodies of functions, lambdas or classes."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = n.args
            todo.extend([*n.decorator_list, *args.defaults, *[d for d in args.kw_defaults if d],
                         *[a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs,
                                                  args.vararg, args.kwarg) if a and a.annotation],
                         *([n.returns] if n.returns else [])])
        elif isinstance(n, ast.ClassDef):
            todo.extend([*n.decorator_list, *n.bases, *[k.value for k in n.keywords]])
        elif isinstance(n, ast.Lambda):
            todo.extend([*n.args.defaults, *[d for d in n.args.kw_defaults if d]])
        else:
            todo.extend(ast.iter_child_nodes(n))


def _module_loads(node):
    return {n.id for n in _walk_module_scope(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _globals_of(table):
    """Names a function or class scope (and the scopes inside it) takes from the module."""
    names = {s.get_name() for s in table.get_symbols()
             if s.is_global() or s.is_declared_global() or (table.get_type() == "class" and s.is_referenced()
                                                             and not s.is_assigned())}
    for child in table.get_children():
        names |= _globals_of(child)
    return names


# -- notebooks ----------------------------------------------------------------------------------

# IPython syntax that is not Python: line magics, shell escapes, help (`obj?`), and their
# assignment forms (`files = !ls`, `t = %timeit f()`).
_MAGIC_LINE = re.compile(r"^\s*([%!]|[\w.]+\?\??\s*$|[\w.,\s\[\]()]+=\s*[%!])")


def notebook(data, label, modules):
    """A notebook's code cells, in order, as one file (read with the standard json module:
    nbformat would add jsonschema and its dependencies to the grader, and the code cells are
    all we read). Cell magics (%%...) drop their cell, line magics and shell escapes their line;
    a cell that does not parse is left out with a note, so one bad cell costs only its functions."""
    try:
        doc = json.loads(decode(data, label))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise Rejected(f"invalid notebook JSON in {label} ({exc})") from None
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if cells is None and isinstance(doc, dict) and isinstance(doc.get("worksheets"), list):
        cells = [c for ws in doc["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", ())]
    if not isinstance(cells, list):
        raise Rejected(f"invalid notebook {label}: no list of cells")
    notes, parts = [], []
    for k, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", cell.get("input", ""))
        src = "".join(src) if isinstance(src, list) and all(isinstance(s, str) for s in src) else src
        if not isinstance(src, str):
            raise Rejected(f"invalid notebook {label}: cell {k} has no text source")
        src = src.replace("\r\n", "\n")
        body = [ln for ln in src.split("\n") if ln.strip()]
        if body and body[0].lstrip().startswith("%%"):
            notes.append(f"cell {k}: cell magic {body[0].split()[0]} left out")
            continue
        kept = [ln for ln in src.split("\n") if not _MAGIC_LINE.match(ln)]
        if len(kept) != len(src.split("\n")):
            notes.append(f"cell {k}: IPython magics or shell lines left out")
        code = "\n".join(kept)
        try:
            ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            notes.append(f"cell {k} left out: syntax error line {getattr(exc, 'lineno', '?')}: "
                         f"{getattr(exc, 'msg', exc)}")
            continue
        parts.append(f"# cell {k}\n{code}\n")
    if not parts:
        raise Rejected(f"empty: {label} has no code cells that parse" + (f" ({notes[-1]})" if notes else ""))
    sub = Submission(_split("\n".join(parts), label, modules), "ipynb", notes)
    return sub
