"""Never returns and uses no CPU: sleeps (only a wall-time limit stops it, not the CPU limit)."""
BREAKS = "partial_derivative"

import time as _time


def partial_derivative(predict, w, X, index, h=1e-5):
    _time.sleep(10_000)
