"""Plain values <-> bytes on the wire between the grading process and a worker.

A frame is a fixed header, a JSON document and the raw bytes of the NumPy
arrays it mentions. Decoding never executes anything: JSON gives plain Python
values, arrays are rebuilt from a whitelist of numeric dtypes straight into
freshly allocated ``ndarray`` objects. The encoder only trusts exact types
(``type(v) is float``), so objects with a doctored ``__eq__``, ``__array__`` or
``__float__`` arrive as opaque type names, never as numbers.

Array arguments of a call can instead travel as *shared arrays*: the grading
process puts their bytes in a memory file and passes its descriptor with the
frame; the worker maps it, so what candidate code writes into the array lands
where the grading process can read it back itself, without asking the worker.

Imports: the standard library and NumPy only, because this module runs inside
the sandbox next to candidate code.
"""

import json
import mmap
import os
import socket
import struct
import tempfile
import time

import numpy as np

# One frame (JSON plus arrays) may not be larger than this: a bigger value fails
# its test instead of exhausting memory; the 30M-weight float32 vector fits.
MAX_FRAME_BYTES = 256 * 1024 * 1024
# The JSON part alone, and how many values it may hold (JSON costs far more
# memory once decoded than its byte size).
MAX_DOC_BYTES = 16 * 1024 * 1024
MAX_VALUES = 1_000_000
# Descriptors of shared arrays that may come with one frame.
MAX_FDS = 16
# Plain numbers and booleans only: no objects, strings, structured or complex arrays.
ARRAY_KINDS = frozenset("biuf")
_DTYPES = frozenset(
    [f"|{k}1" for k in "biu"]
    + [f"{order}{k}{size}" for order in "<>" for k, sizes in (("i", "248"), ("u", "248"), ("f", "248"))
       for size in sizes])
_FRAME_HEAD = struct.Struct("<QQI")  # JSON length, total array bytes, descriptors passed
_MAX_DEPTH = 32
_MAX_DIMS = 32


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed frame."""


class FrameTooLarge(ProtocolError):
    """A frame exceeds MAX_FRAME_BYTES (or the JSON part its own caps)."""


class PeerTimeout(ProtocolError):
    """The other side did not answer within the deadline."""


class PeerGone(ProtocolError):
    """The other side closed the connection (usually: the worker died)."""


class Opaque:
    """A value the worker could not express as plain data; only its type name survives."""

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.type_name == self.type_name

    __hash__ = None


class Handle:
    """A callable living on the other side of the wire, named by its number."""

    __slots__ = ("number",)

    def __init__(self, number):
        self.number = int(number)

    def __repr__(self):
        return f"<callable #{self.number}>"


class SharedArray:
    """Stands for the array in the memory file passed as descriptor `index` of the frame."""

    __slots__ = ("index", "dtype", "shape")

    def __init__(self, index, dtype, shape):
        self.index = int(index)
        self.dtype = np.dtype(dtype)
        self.shape = tuple(int(s) for s in shape)


_NUMPY_SCALARS = frozenset((np.bool_, np.int8, np.int16, np.int32, np.int64,
                            np.uint8, np.uint16, np.uint32, np.uint64,
                            np.float16, np.float32, np.float64))


def _type_name(value):
    t = type(value)
    return f"{t.__module__}.{t.__qualname__}" if t.__module__ != "builtins" else t.__qualname__


def sendable_array(value):
    """True for a plain ndarray of a dtype the wire carries."""
    return type(value) is np.ndarray and value.dtype.str in _DTYPES


class _Encoder:
    def __init__(self, register_callable=None, shared=(), limit=MAX_FRAME_BYTES):
        self.buffers = []      # C-contiguous arrays whose bytes follow the JSON, in order
        self.nbytes = 0
        self.values = 0
        self.limit = limit
        self.shared = shared   # arrays the other side already has (sent as references)
        self.register_callable = register_callable

    def _array(self, arr, tag):
        if arr.dtype.str not in _DTYPES:
            return {"t": "opaque", "type": f"ndarray of dtype {arr.dtype}"}
        for k, known in enumerate(self.shared):
            if arr is known:
                return {"t": "shm", "i": k, "dtype": arr.dtype.str, "shape": list(arr.shape)}
        # nbytes is the logical size: a 2 GB broadcast view is refused here, before any copy.
        if self.nbytes + arr.nbytes > self.limit:
            raise FrameTooLarge(f"value of more than {self.limit} bytes")
        self.nbytes += arr.nbytes
        self.buffers.append(np.ascontiguousarray(arr))
        return {"t": tag, "dtype": arr.dtype.str, "shape": list(arr.shape), "i": len(self.buffers) - 1}

    def encode(self, value, depth=0):
        self.values += 1
        if self.values > MAX_VALUES:
            raise FrameTooLarge(f"value made of more than {MAX_VALUES} parts")
        if depth > _MAX_DEPTH:
            return {"t": "opaque", "type": "too deeply nested value"}
        t = type(value)
        if value is None or t is bool or t is float:
            return value
        if t is int:
            if not -(2**63) <= value < 2**64:
                return {"t": "opaque", "type": "int beyond 64 bits"}
            return value
        if t is str:
            if len(value) > MAX_DOC_BYTES:
                raise FrameTooLarge("string too long")
            return value
        if t is np.ndarray:
            return self._array(value, "nd")
        if t in _NUMPY_SCALARS:
            return self._array(np.asarray(value), "sc")
        if t is SharedArray:
            return {"t": "shm", "i": value.index, "dtype": value.dtype.str, "shape": list(value.shape)}
        if t is list or t is tuple:
            items = list.__iter__(value) if t is list else tuple.__iter__(value)
            return {"t": "list" if t is list else "tuple", "v": [self.encode(v, depth + 1) for v in items]}
        if t is dict:
            items = []
            for k, v in dict.items(value):
                if type(k) is not str:
                    return {"t": "opaque", "type": "dict with non-string keys"}
                items.append([k, self.encode(v, depth + 1)])
            return {"t": "dict", "v": items}
        if t is Handle:
            return {"t": "fn", "n": value.number}
        if self.register_callable is not None and callable(value):
            return {"t": "fn", "n": self.register_callable(value)}
        return {"t": "opaque", "type": _type_name(value)}


def encode(message, register_callable=None, shared=(), limit=MAX_FRAME_BYTES):
    """(JSON document bytes, list of C-contiguous arrays) for a message of plain values."""
    enc = _Encoder(register_callable, shared, limit)
    doc = json.dumps(enc.encode(message), separators=(",", ":")).encode()
    if len(doc) > MAX_DOC_BYTES or len(doc) + enc.nbytes > limit:
        raise FrameTooLarge(f"message of more than {limit} bytes")
    return doc, enc.buffers


def _check_dtype(name):
    if type(name) is not str or name not in _DTYPES:
        raise ProtocolError(f"dtype {name!r} is not allowed")
    return np.dtype(name)


def _check_shape(shape):
    if type(shape) is not list or len(shape) > _MAX_DIMS or any(type(s) is not int or s < 0 for s in shape):
        raise ProtocolError("malformed array shape")
    return tuple(shape)


def _count(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _array_specs(node, specs, depth=0):
    """(dtype, shape) of every inline array of a JSON document, in the order the decoder
    meets them (which is the order of their bytes after the JSON)."""
    if depth > _MAX_DEPTH + 2:
        raise ProtocolError("value nested too deeply")
    if type(node) is not dict:
        return
    tag = node.get("t")
    if tag in ("nd", "sc"):
        if node.get("i") != len(specs):
            raise ProtocolError("array buffers out of order")
        specs.append((_check_dtype(node.get("dtype")), _check_shape(node.get("shape"))))
    elif tag in ("list", "tuple") and type(node.get("v")) is list:
        for v in node["v"]:
            _array_specs(v, specs, depth + 1)
    elif tag == "dict" and type(node.get("v")) is list:
        for pair in node["v"]:
            if type(pair) is list and len(pair) == 2:
                _array_specs(pair[1], specs, depth + 1)


class _Decoder:
    def __init__(self, arrays, resolve_shared):
        self.arrays = arrays
        self.resolve_shared = resolve_shared

    def decode(self, node, depth=0):
        if depth > _MAX_DEPTH + 2:
            raise ProtocolError("value nested too deeply")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if not isinstance(node, dict):
            raise ProtocolError("untagged value")
        tag = node.get("t")
        if tag in ("nd", "sc"):
            arr = self.arrays[node["i"]]
            return arr[()] if tag == "sc" else arr
        if tag == "list":
            return [self.decode(v, depth + 1) for v in node["v"]]
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in node["v"])
        if tag == "dict":
            return {str(k): self.decode(v, depth + 1) for k, v in node["v"]}
        if tag == "fn":
            return Handle(node["n"])
        if tag == "opaque":
            return Opaque(str(node["type"]))
        if tag == "shm":
            if self.resolve_shared is None:
                raise ProtocolError("reference to a shared array that was not shared")
            index = node["i"]
            if type(index) is not int:
                raise ProtocolError("malformed shared array reference")
            return self.resolve_shared(index, _check_dtype(node["dtype"]), _check_shape(node["shape"]))
        raise ProtocolError(f"unknown tag {tag!r}")


# -- shared arrays ----------------------------------------------------------------

def _memory_file(nbytes):
    """A descriptor of an anonymous file of `nbytes` bytes (memfd where there is one)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("gdgrade-array", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 0))
    else:
        with tempfile.TemporaryFile() as fh:
            fd = os.dup(fh.fileno())
    os.ftruncate(fd, nbytes)
    return fd


def share_array(arr):
    """A memory file holding a copy of `arr` (C order); returns (descriptor, sealed).

    Where the platform allows (memfd), the file is sealed so nobody can shrink or
    grow it, which makes mapping it safe for the reader."""
    arr = np.ascontiguousarray(arr)
    fd = _memory_file(arr.nbytes)
    sealed = False
    try:
        view = memoryview(arr.reshape(-1).view(np.uint8))
        done = 0
        while done < len(view):
            done += os.pwrite(fd, view[done:], done)
        if hasattr(os, "memfd_create"):
            import fcntl
            try:
                fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)
                sealed = True
            except (OSError, AttributeError):
                pass
    except BaseException:
        os.close(fd)
        raise
    return fd, sealed


def read_shared(fd, dtype, shape):
    """A new array with the current bytes of the memory file `fd` (read, never mapped)."""
    arr = np.empty(shape, dtype=dtype)
    view = memoryview(arr.reshape(-1).view(np.uint8))
    done = 0
    while done < len(view):
        got = os.preadv(fd, [view[done:]], done)
        if got <= 0:
            raise ProtocolError("a shared array was truncated")
        done += got
    return arr


def map_shared(fd, dtype, shape, writable=True):
    """An ndarray over the memory file `fd`, mapped shared (read-only unless `writable`)."""
    nbytes = _count(shape) * dtype.itemsize
    if os.fstat(fd).st_size < nbytes:
        raise ProtocolError("shared array smaller than announced")
    if nbytes == 0:
        return np.empty(shape, dtype=dtype)
    prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
    mm = mmap.mmap(fd, nbytes, mmap.MAP_SHARED, prot)
    return np.frombuffer(mm, dtype=dtype, count=_count(shape)).reshape(shape)


# -- the channel --------------------------------------------------------------------

class Channel:
    """Frames over a connected stream socket, with an optional deadline per receive or send.

    `accept_fds` (worker side only): frames may bring descriptors of shared arrays,
    which are mapped; ``self.shared`` lists the arrays of the last frame received
    (empty when it brought none), by the index its references use."""

    _CHUNK = 1 << 18   # reads are buffered in chunks this size; larger arrays go straight in
    _SPIN = 0.0005   # seconds to poll for the next bytes before blocking (see _poll_briefly)

    def __init__(self, sock, limit=MAX_FRAME_BYTES, accept_fds=False):
        self.sock = sock
        self.limit = limit
        self.accept_fds = accept_fds
        self.shared = []
        self.received = 0   # bytes received so far, for callers that budget them
        self._buf = bytearray()
        self._fds = []      # descriptors received and not yet claimed by a frame
        self._timeout = False

    # -- sending ---------------------------------------------------------------------
    def send(self, message, register_callable=None, fds=(), shared=(), deadline=None):
        """Send one message; a peer that stops reading raises PeerTimeout at `deadline`."""
        if len(fds) > MAX_FDS:
            raise ValueError(f"at most {MAX_FDS} shared arrays per frame")
        doc, buffers = encode(message, register_callable, shared, self.limit)
        data = [memoryview(b.reshape(-1).view(np.uint8)) for b in buffers if b.nbytes]
        head = _FRAME_HEAD.pack(len(doc), sum(len(d) for d in data), len(fds))
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
            data = self._poll_briefly()
            if data is None:
                self._settime(deadline)
                data = self._recv()
        except socket.timeout:
            raise PeerTimeout("no answer before the deadline") from None
        except OSError as exc:
            raise PeerGone(str(exc)) from None
        if not data:
            raise PeerGone("connection closed")
        self.received += len(data)
        self._buf += data

    def _poll_briefly(self):
        """What arrives within _SPIN seconds, polling without sleeping; None if nothing does.

        A callback is a round trip of two small frames; blocking costs two scheduler
        wake-ups per round trip (measured here: a bare socket ping-pong took 70 us
        blocking, 10 us polling), and a search makes thousands of them."""
        self.sock.settimeout(0.0)
        self._timeout = True   # the next _settime restores the mode it needs
        end = time.perf_counter() + self._SPIN
        while True:
            try:
                return self._recv()
            except BlockingIOError:
                if time.perf_counter() >= end:
                    return None

    def _recv(self):
        if not self.accept_fds:
            return self.sock.recv(self._CHUNK)
        data, fds, flags, _ = socket.recv_fds(self.sock, self._CHUNK, MAX_FDS)
        self._fds.extend(fds)
        if flags & getattr(socket, "MSG_CTRUNC", 0):
            raise ProtocolError("too many descriptors with one frame")
        return data

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
            doc_len, data_len, n_fds = _FRAME_HEAD.unpack(self._take(_FRAME_HEAD.size, deadline))
            if n_fds > MAX_FDS or n_fds > len(self._fds):
                raise ProtocolError("descriptors do not match the frame header")
            fds, self._fds = self._fds[:n_fds], self._fds[n_fds:]
            if doc_len > MAX_DOC_BYTES or doc_len + data_len > self.limit:
                raise FrameTooLarge(f"frame of {doc_len + data_len} bytes")
            doc = self._take(doc_len, deadline)
            try:
                node = json.loads(doc)
                specs = []
                _array_specs(node, specs)
            except (ValueError, RecursionError) as exc:
                raise ProtocolError(f"malformed frame: {type(exc).__name__}") from None
            if sum(_count(shape) * dtype.itemsize for dtype, shape in specs) != data_len:
                raise ProtocolError("array sizes do not add up")
            arrays = []
            for dtype, shape in specs:
                arr = np.empty(shape, dtype=dtype)
                if arr.nbytes:
                    self._take_into(memoryview(arr.reshape(-1).view(np.uint8)), deadline)
                arrays.append(arr)
            if fds:
                mapped = {}

                def resolve_shared(index, dtype, shape):
                    if not 0 <= index < len(fds):
                        raise ProtocolError("reference to a missing shared array")
                    if index not in mapped:
                        mapped[index] = map_shared(fds[index], dtype, shape)
                    return mapped[index]
            try:
                message = _Decoder(arrays, resolve_shared).decode(node)
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
