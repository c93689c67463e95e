"""Frames over a connected stream socket, with deadlines, descriptors and a size cap.

Imports: the standard library, NumPy and the rest of ``gdkit`` only (this module
runs inside the sandbox too).
"""

import array
import json
import os
import socket
import time

import numpy as np

from .codec import (FRAME_HEAD, MAX_DOC_BYTES, MAX_FDS, MAX_FRAME_BYTES, Decoder, FrameTooLarge, PeerGone, PeerTimeout,
                    ProtocolError, array_specs, decode_lean, element_count, encode, lean_array_specs)
from .shared import map_shared


class Channel:
    """Frames over a connected stream socket, with an optional deadline per receive or send.

    `accept_fds` (worker side only): frames may bring descriptors of shared arrays,
    which are mapped; ``self.shared`` lists the arrays of the last frame received
    (empty when it brought none), by the index its references use."""

    _CHUNK = 1 << 18   # reads are buffered in chunks this size; larger arrays go straight in
    SPIN = 0.0005   # seconds to poll for the next bytes before blocking (see _poll_briefly)

    def __init__(self, sock, limit=MAX_FRAME_BYTES, accept_fds=False, spin=SPIN):
        self.sock = sock
        self.spin = spin
        self.limit = limit
        self.accept_fds = accept_fds
        self.shared = []
        self.received = 0   # bytes received so far, for callers that budget them
        self._buf = bytearray()
        # Every read lands here first: a recv(_CHUNK) would allocate a _CHUNK-sized bytes object per
        # read, which costs more than the rest of a small frame's round trip (25 us here).
        self._landing = memoryview(bytearray(self._CHUNK))
        self._fds = []      # descriptors received and not yet claimed by a frame
        self._timeout = False

    # -- sending ---------------------------------------------------------------------
    def send(self, message, register_callable=None, fds=(), shared=(), deadline=None):
        """Send one message; a peer that stops reading raises PeerTimeout at `deadline`."""
        if len(fds) > MAX_FDS:
            raise ValueError(f"at most {MAX_FDS} shared arrays per frame")
        doc, buffers = encode(message, register_callable, shared, self.limit)
        data = [memoryview(b.reshape(-1).view(np.uint8)) for b in buffers if b.nbytes]
        head = FRAME_HEAD.pack(len(doc), sum(len(d) for d in data), len(fds))
        small = [d for d in data if len(d) < self._CHUNK]
        if len(small) == len(data):
            parts = [b"".join([head, doc, *data])]
        else:
            parts = [head + doc, *data]
        try:
            self._settime(deadline)
            if fds:
                sent = socket.send_fds(self.sock, [parts[0]], list(fds))
                parts[0] = memoryview(parts[0])[sent:]
            for part in parts:
                self._settime(deadline)
                self.sock.sendall(part)
        except socket.timeout:
            raise PeerTimeout("the other side stopped reading") from None

    # -- receiving -------------------------------------------------------------------
    def _settime(self, deadline):
        if deadline is None:
            if self._timeout:
                self.sock.settimeout(None)
                self._timeout = False
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PeerTimeout("no answer before the deadline")
        self.sock.settimeout(remaining)
        self._timeout = True

    def _fill(self, deadline):
        """Read what is available (at least one byte) into the buffer."""
        try:
            n = self._poll_briefly()
            if n is None:
                self._settime(deadline)
                n = self._recv()
        except socket.timeout:
            raise PeerTimeout("no answer before the deadline") from None
        except OSError as exc:
            raise PeerGone(str(exc)) from None
        if not n:
            raise PeerGone("connection closed")
        self.received += n
        self._buf += self._landing[:n]

    def _poll_briefly(self):
        """How many bytes arrive within `spin` seconds (read into the landing buffer), polling
        without sleeping; None if nothing does.

        A callback is a round trip of two small frames; blocking costs two scheduler
        wake-ups per round trip (measured here: a bare socket ping-pong took 70 us
        blocking, 10 us polling), and a search makes thousands of them. Polling needs a
        core for each side: where every core is busy (questions graded in parallel) it
        holds the core the other side needs, and spin is 0 (Q2 on one core: 9.0 s
        polling, 2.2 s blocking)."""
        if self.spin <= 0:
            return None
        self.sock.settimeout(0.0)
        self._timeout = True   # the next _settime restores the mode it needs
        end = time.perf_counter() + self.spin
        while True:
            try:
                return self._recv()
            except BlockingIOError:
                if time.perf_counter() >= end:
                    return None

    def _recv(self):
        """Read what is available into the landing buffer; returns how many bytes (0: closed)."""
        if not self.accept_fds:
            return self.sock.recv_into(self._landing)
        # socket.recv_fds, reading into the landing buffer.
        fds = array.array("i")
        n, ancdata, flags, _ = self.sock.recvmsg_into([self._landing], socket.CMSG_LEN(MAX_FDS * fds.itemsize))
        for level, kind, data in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        self._fds.extend(fds)
        if flags & getattr(socket, "MSG_CTRUNC", 0):
            raise ProtocolError("too many descriptors with one frame")
        return n

    def _take(self, n, deadline):
        """The next `n` bytes of the stream."""
        while len(self._buf) < n:
            self._fill(deadline)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def _take_into(self, view, deadline):
        """Fill `view` with the next bytes of the stream (large ones unbuffered)."""
        n = len(view)
        if len(self._buf) < n and n - len(self._buf) >= self._CHUNK and not self.accept_fds:
            got = len(self._buf)
            view[:got] = self._buf
            self._buf.clear()
            while got < n:
                self._settime(deadline)
                try:
                    k = self.sock.recv_into(view[got:], n - got)
                except socket.timeout:
                    raise PeerTimeout("no answer before the deadline") from None
                except OSError as exc:
                    raise PeerGone(str(exc)) from None
                if k == 0:
                    raise PeerGone("connection closed")
                got += k
                self.received += k
            return
        while len(self._buf) < n:
            self._fill(deadline)
        view[:] = self._buf[:n]
        del self._buf[:n]

    def recv(self, deadline=None, resolve_shared=None):
        """The next message. `resolve_shared(index, dtype, shape)` turns references to
        shared arrays into arrays (grader side); on the worker side they are mapped."""
        fds = []
        try:
            doc_len, data_len, n_fds = FRAME_HEAD.unpack(self._take(FRAME_HEAD.size, deadline))
            if n_fds > MAX_FDS or n_fds > len(self._fds):
                raise ProtocolError("descriptors do not match the frame header")
            fds, self._fds = self._fds[:n_fds], self._fds[n_fds:]
            if doc_len > MAX_DOC_BYTES or doc_len + data_len > self.limit:
                raise FrameTooLarge(f"frame of {doc_len + data_len} bytes")
            doc = self._take(doc_len, deadline)
            try:
                node = json.loads(doc)
                specs = []
                if type(node) is list:   # the lean form: plain scalars and arrays, no descriptors
                    specs = lean_array_specs(node)
                else:
                    array_specs(node, specs)
            except (ValueError, RecursionError) as exc:
                raise ProtocolError(f"malformed frame: {type(exc).__name__}") from None
            if type(node) is list and fds:
                raise ProtocolError("a lean frame carries no descriptors")
            if sum(element_count(shape) * dtype.itemsize for dtype, shape in specs) != data_len:
                raise ProtocolError("array sizes do not add up")
            arrays = []
            for dtype, shape in specs:
                arr = np.empty(shape, dtype=dtype)
                if arr.nbytes:
                    self._take_into(memoryview(arr.reshape(-1).view(np.uint8)), deadline)
                arrays.append(arr)
            if type(node) is list:
                self.shared = []
                try:
                    return decode_lean(node, arrays, resolve_shared)
                except (ValueError, TypeError) as exc:
                    raise ProtocolError(f"malformed frame: {type(exc).__name__}: {exc}") from None
            if fds:
                mapped = {}

                def resolve_shared(index, dtype, shape):
                    if not 0 <= index < len(fds):
                        raise ProtocolError("reference to a missing shared array")
                    if index not in mapped:
                        mapped[index] = map_shared(fds[index], dtype, shape)
                    return mapped[index]
            try:
                message = Decoder(arrays, resolve_shared).decode(node)
            except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
                raise ProtocolError(f"malformed frame: {type(exc).__name__}: {exc}") from None
            self.shared = [mapped.get(k) for k in range(len(fds))] if fds else []
            if not isinstance(message, dict):
                raise ProtocolError("a frame must hold a dict")
            return message
        finally:
            _close_all(fds)


def _close_all(fds):
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
