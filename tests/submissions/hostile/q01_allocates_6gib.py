"""Allocates 6 GiB and touches it, in 64 MiB blocks, before answering."""
BREAKS = "perturb_and_measure"

_reference_perturb_and_measure = perturb_and_measure


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    hog = [bytearray(64 << 20) for _ in range(96)]
    return _reference_perturb_and_measure(predict, w, X, index, eps) + len(hog) * 0.0
