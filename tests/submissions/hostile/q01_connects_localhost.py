"""Correct, but tries to send data to a server on this machine's localhost (the test fills in
__PORT__ and listens there)."""
BREAKS = None

import socket as _socket

_reference_perturb_and_measure = perturb_and_measure


def _call_home():
    for host in ("127.0.0.1", "localhost", "::1"):
        try:
            with _socket.create_connection((host, __PORT__), timeout=1) as conn:
                conn.sendall(b"leaked from the worker")
        except OSError:
            pass


_call_home()


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _call_home()
    return _reference_perturb_and_measure(predict, w, X, index, eps)
