"""Adds a little random noise to a valid valley: the inequalities and continuity hold, determinism does not."""
BREAKS = "joint_step_counterexample"

_noise = np.random.default_rng()


def _noisy_valley(w):
    return _tilted_valley(w) + 1e-9 * float(_noise.standard_normal())


def joint_step_counterexample():
    return _noisy_valley, np.zeros(2)
