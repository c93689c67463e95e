"""Returns w0 as a 2 x 1 column vector instead of an array of length 2."""
BREAKS = "joint_step_counterexample"


def joint_step_counterexample():
    return _tilted_valley, np.zeros((2, 1))
