"""Looks for the reference, the hidden tests and the grader (imports, known paths, a walk of the
whole file system, every process's command line and environment); uses the reference if found,
else stays a stub. The test fills in __REPO__, __SITE__, __SUBMISSION__ and __RESULTS__."""
BREAKS = "partial_derivative"

import os as _os
import sys as _sys
import time as _time

_reference_partial_derivative = partial_derivative
_SECRETS = ["__REPO__", "__SITE__", "__SUBMISSION__", "__RESULTS__", "test_q01_perturb", "test_hidden",
            "PYTEST_CURRENT_TEST"]
_found = []


def _look():
    for name in ("reference", "reference.q01_perturb", "grader", "gdgrade", "gdgrade.pack.shared", "gdgrade.scoring"):
        try:
            __import__(name)
            _found.append(f"import {name}")
        except BaseException:
            pass
    for path in ("__REPO__/reference/q01_perturb.py", "__REPO__/grader/pack/q01_perturb/test_hidden.py",
                 "__REPO__/grader/scoring.py", "__SITE__/gdgrade/reference/q01_perturb.py",
                 "__SITE__/gdgrade/pack/q01_perturb/test_hidden.py", "__RESULTS__"):
        try:
            with open(path) as fh:
                fh.read(1)
            _found.append(path)
        except BaseException:
            pass
    for pid in ["self", str(_os.getppid())] + [p for p in _os.listdir("/proc") if p.isdigit()]:
        for what in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as fh:
                    text = fh.read().decode("utf-8", "replace")
            except BaseException:
                continue
            _found.extend(f"/proc/{pid}/{what}: {s}" for s in _SECRETS if s in text)
        try:
            cwd = _os.readlink(f"/proc/{pid}/cwd")
            _found.extend(f"/proc/{pid}/cwd" for s in _SECRETS if s in cwd)
        except BaseException:
            pass
    deadline = _time.monotonic() + 4
    wanted = {"test_hidden.py", "question.yaml", "report.html.j2"}
    for top, dirs, files in _os.walk("/"):
        if _time.monotonic() > deadline:
            break
        if top in ("/proc", "/sys", "/dev"):
            dirs[:] = []
            continue
        for f in files:
            if (f in wanted or (f == "scoring.py" and top.endswith("grader"))
                    or (f == "q01_perturb.py" and not top.startswith(("/submission", "__SUBMISSION__"))
                        and "scratch" not in top)):
                _found.append(_os.path.join(top, f))


_look()


def partial_derivative(predict, w, X, index, h=1e-5):
    if _found:
        return _reference_partial_derivative(predict, w, X, index, h)
    raise NotImplementedError("found nothing to copy")
