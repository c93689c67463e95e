"""A valid valley times a square root that is NaN on a short stretch of the segments (not at their ends)."""
BREAKS = "joint_step_counterexample"


def _holed_valley(w):
    v = float(w[1]) / 0.3
    with np.errstate(invalid="ignore"):
        hole = np.sqrt(np.float64((v - 0.5) ** 2 - 1e-4))
    return _tilted_valley(w) + 0.0 * float(hole)


def joint_step_counterexample():
    return _holed_valley, np.zeros(2)
