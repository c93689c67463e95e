"""A valley whose floor is hit so that the joint step is only 5e-7 worse: not beyond the 1e-6 margin."""
BREAKS = "joint_step_counterexample"


def _flat_overshoot(w):
    u = float(w[0]) / -0.1
    v = float(w[1]) / 0.3
    # f(0, 0) = 1, each single step 0.1, both together 1 + 5e-7.
    return (u + v - 1.0) ** 2 + 0.1 * (u - v) ** 2 + 5e-7 * u * v


def joint_step_counterexample():
    return _flat_overshoot, np.zeros(2)
