"""Plain values <-> bytes: the encoding of one frame between the grading process and a worker.

A frame is a fixed header, a JSON document and the raw bytes of the NumPy
arrays it mentions. Decoding never executes anything: JSON gives plain Python
values, arrays are rebuilt from a whitelist of numeric dtypes straight into
freshly allocated ``ndarray`` objects. The encoder only trusts exact types
(``type(v) is float``), so objects with a doctored ``__eq__``, ``__array__`` or
``__float__`` arrive as opaque type names, never as numbers.

Imports: the standard library and NumPy only, because this module runs inside
the sandbox next to candidate code.
"""

import json
import struct

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
FRAME_HEAD = struct.Struct("<QQI")  # JSON length, total array bytes, descriptors passed
_MAX_DEPTH = 32
_MAX_DIMS = 32
# A message of at most this many entries, each a plain scalar (a string at most _LEAN_STR
# long), a plain array or a list of at most this many of these, travels in the lean form: a
# flat JSON list [key, value, ...] (see _lean).
_LEAN_ENTRIES = 16
_LEAN_STR = 1024
_JSON = json.JSONEncoder(separators=(",", ":"))   # one encoder: json.dumps(separators=...) makes one per call


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


_NOT_LEAN = object()


def _lean(message, shared=()):
    """(the lean form [key, value, ...], its arrays in order) of a small dict whose values are plain
    scalars, plain arrays or a list of these; None for any other message.

    A callback, its reply, a go, a returned value: most frames of a search are such dicts, and the
    tagged form costs more to build and to read than the rest of the round trip. An array is
    {"a": [dtype, shape]} (its bytes follow the JSON, as in the tagged form), an array the other
    side shares {"s": [index, dtype, shape]} (no bytes), a list {"l": [...]}."""
    if type(message) is not dict or len(message) > _LEAN_ENTRIES:
        return None
    flat, arrays = [], []
    for k, v in dict.items(message):
        node = _lean_node(v, arrays, shared, True) if type(k) is str else _NOT_LEAN
        if node is _NOT_LEAN:
            return None
        flat += (k, node)
    return flat, arrays


def _lean_node(v, arrays, shared, top):
    t = type(v)
    if (v is None or t is bool or t is float or (t is int and -(2**63) <= v < 2**64)
            or (t is str and len(v) <= _LEAN_STR)):
        return v
    if t is np.ndarray:
        if v.dtype.str not in _DTYPES:
            return _NOT_LEAN
        for k, known in enumerate(shared):
            if v is known:   # an array the other side has travels as a reference to it
                return {"s": [k, v.dtype.str, list(v.shape)]}
        arrays.append(v)
        return {"a": [v.dtype.str, list(v.shape)]}
    if t is list and top and len(v) <= _LEAN_ENTRIES:
        items = [_lean_node(x, arrays, shared, False) for x in list.__iter__(v)]
        return _NOT_LEAN if any(x is _NOT_LEAN for x in items) else {"l": items}
    return _NOT_LEAN


def encode(message, register_callable=None, shared=(), limit=MAX_FRAME_BYTES):
    """(JSON document bytes, list of C-contiguous arrays) for a message of plain values.

    The document is the tagged form of the message (a JSON object, see _Encoder), or for a
    small dict of plain scalars and arrays its lean form (a JSON list, see _lean); both decode
    to the same message."""
    lean = _lean(message, shared)
    if lean is not None:
        flat, arrays = lean
        # nbytes is the logical size: a 2 GB broadcast view is refused here, before any copy.
        nbytes = sum(a.nbytes for a in arrays)
        doc = _JSON.encode(flat).encode()
        if len(doc) > MAX_DOC_BYTES or len(doc) + nbytes > limit:
            raise FrameTooLarge(f"message of more than {limit} bytes")
        return doc, [np.ascontiguousarray(a) for a in arrays]
    enc = _Encoder(register_callable, shared, limit)
    doc = _JSON.encode(enc.encode(message)).encode()
    if len(doc) > MAX_DOC_BYTES or len(doc) + enc.nbytes > limit:
        raise FrameTooLarge(f"message of more than {limit} bytes")
    return doc, enc.buffers


_SCALAR_TYPES = (type(None), bool, int, float, str)


def lean_array_specs(node):
    """(dtype, shape) of every array of a lean document (a JSON list [key, value, ...]), in order;
    raises ProtocolError for anything but the lean form (see _lean)."""
    if len(node) > 2 * _LEAN_ENTRIES or len(node) % 2:
        raise ProtocolError("malformed lean frame")
    specs = []
    for k in range(0, len(node), 2):
        if type(node[k]) is not str:
            raise ProtocolError("malformed lean frame")
        _lean_specs(node[k + 1], specs, True)
    return specs


def _lean_specs(value, specs, top):
    if type(value) in _SCALAR_TYPES:
        return
    if type(value) is dict and len(value) == 1:
        if type(value.get("a")) is list and len(value["a"]) == 2:
            specs.append((_check_dtype(value["a"][0]), _check_shape(value["a"][1])))
            return
        if type(value.get("s")) is list and len(value["s"]) == 3 and type(value["s"][0]) is int:
            _check_dtype(value["s"][1])
            _check_shape(value["s"][2])
            return
        if top and type(value.get("l")) is list and len(value["l"]) <= _LEAN_ENTRIES:
            for item in value["l"]:
                _lean_specs(item, specs, False)
            return
    raise ProtocolError("malformed lean frame")


def decode_lean(node, arrays=(), resolve_shared=None):
    """The message of a lean document that lean_array_specs accepted; `arrays`: its arrays, in order;
    `resolve_shared(index, dtype, shape)`: the shared array a reference names (as for the tagged form)."""
    arrays = iter(arrays)

    def value(v):
        if type(v) is not dict:
            return v
        if "a" in v:
            return next(arrays)
        if "s" in v:
            if resolve_shared is None:
                raise ProtocolError("reference to a shared array that was not shared")
            index, dtype, shape = v["s"]
            return resolve_shared(index, _check_dtype(dtype), _check_shape(shape))
        return [value(item) for item in v["l"]]
    return {node[k]: value(node[k + 1]) for k in range(0, len(node), 2)}


def _check_dtype(name):
    if type(name) is not str or name not in _DTYPES:
        raise ProtocolError(f"dtype {name!r} is not allowed")
    return np.dtype(name)


def _check_shape(shape):
    if type(shape) is not list or len(shape) > _MAX_DIMS or any(type(s) is not int or s < 0 for s in shape):
        raise ProtocolError("malformed array shape")
    return tuple(shape)


def element_count(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def array_specs(node, specs, depth=0):
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
            array_specs(v, specs, depth + 1)
    elif tag == "dict" and type(node.get("v")) is list:
        for pair in node["v"]:
            if type(pair) is list and len(pair) == 2:
                array_specs(pair[1], specs, depth + 1)


class Decoder:
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
