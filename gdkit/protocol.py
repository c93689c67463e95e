"""Plain values <-> bytes on the wire between the grading process and a worker.

A frame is a small fixed header, a JSON document and the raw bytes of any NumPy
arrays it mentions. Decoding never executes anything: JSON gives plain Python
values, arrays are rebuilt with ``np.frombuffer`` from a whitelist of numeric
dtypes. The encoder only trusts exact types (``type(v) is float``), so objects
with a doctored ``__eq__``, ``__array__`` or ``__float__`` arrive as opaque
type names, never as numbers.

Imports: the standard library and NumPy only, because this module runs inside
the sandbox next to candidate code.
"""

import json
import socket
import struct
import time

import numpy as np

# A value the worker returns may not be larger than this (arrays plus JSON);
# a larger one fails that test instead of exhausting the grader's memory.
MAX_FRAME_BYTES = 64 * 1024 * 1024
# Plain numbers and booleans only: no objects, strings, structured or complex arrays.
ARRAY_KINDS = frozenset("biuf")
_FRAME_HEAD = struct.Struct("<QQ")  # JSON length, total array bytes
_MAX_DEPTH = 32


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed frame."""


class FrameTooLarge(ProtocolError):
    """A frame exceeds MAX_FRAME_BYTES."""


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


_NUMPY_SCALARS = {t: t for t in (np.bool_, np.int8, np.int16, np.int32, np.int64,
                                  np.uint8, np.uint16, np.uint32, np.uint64,
                                  np.float16, np.float32, np.float64, np.longdouble)}


def _type_name(value):
    t = type(value)
    return f"{t.__module__}.{t.__qualname__}" if t.__module__ != "builtins" else t.__qualname__


class _Encoder:
    def __init__(self, register_callable=None, limit=MAX_FRAME_BYTES):
        self.buffers = []
        self.nbytes = 0
        self.limit = limit
        self.register_callable = register_callable

    def _array(self, arr, tag):
        if arr.dtype.kind not in ARRAY_KINDS or arr.dtype.itemsize > 8:
            return {"t": "opaque", "type": f"ndarray of dtype {arr.dtype}"}
        data = arr.tobytes(order="C")
        self.nbytes += len(data)
        if self.nbytes > self.limit:
            raise FrameTooLarge(f"value of more than {self.limit} bytes")
        self.buffers.append(data)
        return {"t": tag, "dtype": arr.dtype.str, "shape": list(arr.shape),
                "i": len(self.buffers) - 1}

    def encode(self, value, depth=0):
        if depth > _MAX_DEPTH:
            return {"t": "opaque", "type": "too deeply nested value"}
        t = type(value)
        if value is None or t is bool or t is int or t is float or t is str:
            if t is str and len(value) > self.limit:
                raise FrameTooLarge("string too long")
            if t is int and not -(2**63) <= value < 2**64:
                return {"t": "opaque", "type": "int beyond 64 bits"}
            return value
        if t is np.ndarray:
            return self._array(value, "nd")
        if t in _NUMPY_SCALARS:
            return self._array(np.asarray(value), "sc")
        if t is list or t is tuple:
            if len(value) > 1_000_000:
                raise FrameTooLarge("sequence too long")
            return {"t": "list" if t is list else "tuple",
                    "v": [self.encode(v, depth + 1) for v in list.__iter__(value)]
                    if t is list else [self.encode(v, depth + 1) for v in tuple.__iter__(value)]}
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


def encode(message, register_callable=None, limit=MAX_FRAME_BYTES):
    """Encode a message (a dict of plain values) into a list of byte strings."""
    enc = _Encoder(register_callable, limit)
    doc = json.dumps(enc.encode(message), separators=(",", ":")).encode()
    if len(doc) + enc.nbytes > limit:
        raise FrameTooLarge(f"message of more than {limit} bytes")
    return [_FRAME_HEAD.pack(len(doc), enc.nbytes), doc, *enc.buffers]


def _decode(node, buffers, depth=0):
    if depth > _MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        raise ProtocolError("untagged list")
    tag = node.get("t")
    if tag in ("nd", "sc"):
        dtype = np.dtype(str(node["dtype"]))
        if dtype.kind not in ARRAY_KINDS or dtype.itemsize > 8:
            raise ProtocolError(f"dtype {dtype} is not allowed")
        shape = tuple(int(s) for s in node["shape"])
        data = buffers[int(node["i"])]
        count = 1
        for s in shape:
            if s < 0:
                raise ProtocolError("negative dimension")
            count *= s
        if count * dtype.itemsize != len(data):
            raise ProtocolError("array size does not match its data")
        arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        return arr[()] if tag == "sc" else arr
    if tag == "list":
        return [_decode(v, buffers, depth + 1) for v in node["v"]]
    if tag == "tuple":
        return tuple(_decode(v, buffers, depth + 1) for v in node["v"])
    if tag == "dict":
        return {str(k): _decode(v, buffers, depth + 1) for k, v in node["v"]}
    if tag == "fn":
        return Handle(node["n"])
    if tag == "opaque":
        return Opaque(str(node["type"]))
    raise ProtocolError(f"unknown tag {tag!r}")


def decode(doc, buffers):
    """Rebuild a message from its JSON document and its array buffers."""
    try:
        node = json.loads(doc)
        return _decode(node, buffers)
    except ProtocolError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ProtocolError(f"malformed frame: {exc}") from None


class Channel:
    """Frames over a connected stream socket, with an optional deadline per receive."""

    def __init__(self, sock, limit=MAX_FRAME_BYTES):
        self.sock = sock
        self.limit = limit

    def send(self, message, register_callable=None):
        parts = encode(message, register_callable, self.limit)
        self.sock.sendall(b"".join(parts[:2]))
        for part in parts[2:]:
            self.sock.sendall(part)

    def _recv_exact(self, n, deadline):
        buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PeerTimeout("no answer before the deadline")
                self.sock.settimeout(remaining)
            try:
                k = self.sock.recv_into(view[got:], n - got)
            except socket.timeout:
                raise PeerTimeout("no answer before the deadline") from None
            except (ConnectionError, OSError) as exc:
                raise PeerGone(str(exc)) from None
            if k == 0:
                raise PeerGone("connection closed")
            got += k
        return bytes(buf) if n < 4096 else buf

    def recv(self, deadline=None, buffer_sizes_hint=None):
        head = self._recv_exact(_FRAME_HEAD.size, deadline)
        doc_len, data_len = _FRAME_HEAD.unpack(head)
        if doc_len + data_len > self.limit:
            raise FrameTooLarge(f"frame of {doc_len + data_len} bytes")
        doc = self._recv_exact(doc_len, deadline)
        data = self._recv_exact(data_len, deadline) if data_len else b""
        # Array buffers follow in order; their sizes come from the JSON itself.
        try:
            node = json.loads(doc)
        except ValueError as exc:
            raise ProtocolError(f"malformed frame: {exc}") from None
        sizes = []
        _collect_sizes(node, sizes)
        if sum(sizes) != data_len:
            raise ProtocolError("array sizes do not add up")
        buffers, offset = [], 0
        mv = memoryview(data)
        for size in sizes:
            buffers.append(mv[offset:offset + size])
            offset += size
        try:
            return _decode(node, buffers)
        except ProtocolError:
            raise
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ProtocolError(f"malformed frame: {exc}") from None


def _collect_sizes(node, sizes, depth=0):
    """Byte sizes of the arrays in a JSON document, in buffer order."""
    if depth > _MAX_DEPTH or not isinstance(node, (dict, list)):
        return
    if isinstance(node, list):
        for v in node:
            _collect_sizes(v, sizes, depth + 1)
        return
    if node.get("t") in ("nd", "sc"):
        try:
            count = 1
            for s in node["shape"]:
                count *= int(s)
            index = int(node["i"])
            size = count * np.dtype(str(node["dtype"])).itemsize
        except (ValueError, KeyError, TypeError) as exc:
            raise ProtocolError(f"malformed array entry: {exc}") from None
        if index != len(sizes):
            raise ProtocolError("array buffers out of order")
        sizes.append(size)
        return
    for v in node.get("v", ()) if node.get("t") in ("list", "tuple") else ():
        _collect_sizes(v, sizes, depth + 1)
    if node.get("t") == "dict":
        for pair in node.get("v", ()):
            if isinstance(pair, list) and len(pair) == 2:
                _collect_sizes(pair[1], sizes, depth + 1)
    if node.get("t") is None:
        for v in node.values():
            _collect_sizes(v, sizes, depth + 1)
