"""Q8 written differently: Python-level checks, a power-of-two rescaling, the upper
triangle, eigenvalues of -H, an eigenspace-averaged direction with a flipped sign."""

import math

import numpy as np


def _validated(hessian):
    H = np.array(hessian, dtype=float)
    if len(H.shape) != 2:
        raise ValueError("expected a 2-D matrix")
    rows, cols = H.shape
    if rows != cols:
        raise ValueError("expected a square matrix")
    biggest = 0.0
    for r in range(rows):
        for c in range(cols):
            biggest = max(biggest, abs(float(H[r, c])))
    allowed = 1e-8 * max(1.0, biggest)
    for r in range(rows):
        for c in range(r + 1, cols):
            if abs(float(H[r, c]) - float(H[c, r])) > allowed:
                raise ValueError("matrix is not symmetric")
    # Rescale by a power of two (exact) so that entries are O(1), and undo it on the
    # eigenvalues (exact again).
    _, exponent = math.frexp(biggest) if biggest > 0 else (0.0, 0)
    return H, exponent


def _eigen(hessian):
    H, exponent = _validated(hessian)
    lam, vecs = np.linalg.eigh(np.ldexp(H, -exponent), UPLO="U")
    return np.ldexp(lam, exponent), vecs


def classify_critical_point(hessian, tol=1e-8):
    lam, _ = _eigen(hessian)
    below = [x for x in lam.tolist() if x < -tol]
    above = [x for x in lam.tolist() if x > tol]
    n = len(lam)
    if below and above:
        return "saddle"
    if len(above) == n:
        return "minimum"
    if len(below) == n:
        return "maximum"
    return "degenerate"


def escape_direction(hessian, tol=1e-8):
    H, exponent = _validated(hessian)
    # The largest eigenvalue of -H is minus the smallest of H.
    neg_lam, vecs = np.linalg.eigh(-np.ldexp(H, -exponent), UPLO="U")
    top = float(neg_lam[-1])
    lam_min = -math.ldexp(top, exponent)
    if lam_min >= -tol:
        return None
    # Every eigenvector whose eigenvalue ties with the top one (to rounding) spans the
    # eigenspace; their normalised sum is another valid answer.
    scale = max(1.0, float(np.max(np.abs(neg_lam))))
    tied = [k for k in range(len(neg_lam)) if top - float(neg_lam[k]) <= 1e-12 * scale]
    v = np.zeros(H.shape[0])
    for k in tied:
        v = v + vecs[:, k]
    v = v / math.sqrt(float(np.dot(v, v)))
    # The opposite sign from eigh's usual choice: make the first nonzero entry negative.
    for x in v:
        if x != 0:
            if x > 0:
                v = -v
            break
    return v
