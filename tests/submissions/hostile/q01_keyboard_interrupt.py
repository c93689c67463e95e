"""Raises KeyboardInterrupt inside the call, as if the worker had been interrupted."""
BREAKS = "partial_derivative"


def partial_derivative(predict, w, X, index, h=1e-5):
    raise KeyboardInterrupt
