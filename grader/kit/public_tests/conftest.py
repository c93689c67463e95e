"""Shared set-up for the public example tests.

Puts the kit root (for ``import gdkit.models``) and its ``challenges/`` folder
(for ``import q01_perturb`` ...) on sys.path, and shortens every failure caused
by a function that still raises NotImplementedError to a single line naming it.
"""

import os
import sys

import pytest

KIT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHALLENGES = os.path.join(KIT_ROOT, "challenges")

for _path in (KIT_ROOT, CHALLENGES):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def _stub_name(excinfo):
    """'module.function' of the deepest frame in challenges/ that raised, else None."""
    for entry in reversed(excinfo.traceback):
        path = os.path.abspath(str(entry.path))
        if os.path.dirname(path) == CHALLENGES:
            module = os.path.splitext(os.path.basename(path))[0]
            return f"{module}.{entry.frame.code.name}"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    excinfo = call.excinfo
    if report.failed and excinfo is not None and excinfo.errisinstance(NotImplementedError):
        name = _stub_name(excinfo)
        if name is None:
            message = str(excinfo.value).strip() or "NotImplementedError"
            report.longrepr = message.splitlines()[0]
        else:
            report.longrepr = f"{name} is not implemented yet"
