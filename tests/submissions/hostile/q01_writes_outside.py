"""Correct, but tries to create files outside its scratch folder: in the submission, the
repository, the reference, the worker's own modules, the machine's /tmp, /usr and the home
folder. The test fills in __REPO__, __SUBMISSION__ and __MARKER__ (new file names only, so a
failure of the sandbox cannot damage existing files)."""
BREAKS = None

import os as _os
import sys as _sys

_reference_perturb_and_measure = perturb_and_measure


def _scribble():
    gdkit_dir = _os.path.dirname(_sys.modules["gdkit"].__file__)
    targets = ["__SUBMISSION__/pwned___MARKER__.txt",
               _os.path.join(_os.path.dirname(__file__), "pwned___MARKER__.txt"),
               "__REPO__/pwned___MARKER__.txt", "__REPO__/reference/pwned___MARKER__.py",
               _os.path.join(gdkit_dir, "pwned___MARKER__.py"), "/tmp/pwned___MARKER__.txt",
               "/usr/pwned___MARKER__.txt", _os.path.expanduser("~/pwned___MARKER__.txt")]
    for path in targets:
        try:
            with open(path, "x") as fh:
                fh.write("pwned\n")
        except OSError:
            pass
    try:
        _os.chmod("__SUBMISSION__", 0o777)
    except OSError:
        pass


_scribble()


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _scribble()
    return _reference_perturb_and_measure(predict, w, X, index, eps)
