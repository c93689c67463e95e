"""Tries to read the reference, the hidden tests, the grader and the results file at the paths
this grading uses (no file-system walk: at the separate-user level every world-readable file on
the machine is readable by design); uses the reference if it could read any of them, else stays
a stub. The test fills in __REPO__, __SITE__ and __RESULTS__."""
BREAKS = "partial_derivative"

_reference_partial_derivative = partial_derivative
_found = []

for _path in ("__REPO__/reference/q01_perturb.py", "__REPO__/grader/pack/q01_perturb/test_hidden.py",
              "__REPO__/grader/scoring.py", "__REPO__/.git/HEAD", "__SITE__/reference/q01_perturb.py",
              "__SITE__/pack/q01_perturb/test_hidden.py", "__RESULTS__"):
    try:
        with open(_path, "rb") as _fh:
            _fh.read(1)
        _found.append(_path)
    except OSError:
        pass


def partial_derivative(predict, w, X, index, h=1e-5):
    if _found:
        return _reference_partial_derivative(predict, w, X, index, h)
    raise NotImplementedError("found nothing to copy")
