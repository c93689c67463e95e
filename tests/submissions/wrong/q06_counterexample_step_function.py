"""A staircase f: the inequalities hold at the four points, but f jumps on the way there."""
BREAKS = "joint_step_counterexample"


def _staircase(w):
    u = float(w[0]) / -0.1 > 0.5
    v = float(w[1]) / 0.3 > 0.5
    return 1.0 - u - v + 3.0 * (u and v)


def joint_step_counterexample():
    return _staircase, np.zeros(2)
