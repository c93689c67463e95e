"""Q5 (independent variant A)."""
import numpy as np


def is_monotone_transform(Z_a, Z_b):
    A = np.asarray(Z_a)
    B = np.asarray(Z_b)
    if A.shape != B.shape:
        raise ValueError("shapes differ")
    a = A.reshape(-1)
    b = B.reshape(-1)
    if a.size < 2:
        return np.bool_(True)
    order = np.argsort(a, kind="stable")
    a_s = a[order]
    b_s = b[order]
    same = a_s[1:] == a_s[:-1]
    ok_eq = np.all(b_s[1:][same] == b_s[:-1][same])
    ok_lt = np.all(b_s[:-1][~same] <= b_s[1:][~same])
    return np.bool_(ok_eq and ok_lt)


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    c = Z[1:-1, 1:-1]
    flat = (Z[:-2, 1:-1] == c) & (Z[2:, 1:-1] == c) & (Z[1:-1, :-2] == c) & (Z[1:-1, 2:] == c)
    return np.float64(np.count_nonzero(flat)) / np.float64(flat.size)
