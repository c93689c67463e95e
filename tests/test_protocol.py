"""The wire format: plain values survive a round trip, nothing else does, and no frame a
worker can write makes the grading side execute code or allocate beyond the caps."""

import json
import os
import socket
import struct
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdgrade.gdkit import codec
from gdgrade.gdkit.channel import Channel
from gdgrade.gdkit.codec import FrameTooLarge, Handle, Opaque, PeerTimeout, ProtocolError, SharedArray
from gdgrade.gdkit.shared import map_shared, new_shared, read_shared, share_array


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield Channel(a), Channel(b, accept_fds=True)
    a.close()
    b.close()


def roundtrip(pair, value):
    sender, receiver = pair
    sender.send({"v": value})
    return receiver.recv()["v"]


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**63 - 1, 2**64 - 1, 1.5, float("inf"), "text ü", [1, [2.0, "x"]],
    (1, (2, None)), {"a": [1, 2], "b": {"c": None}}, [],
])
def test_plain_values_round_trip_exactly(pair, value):
    got = roundtrip(pair, value)
    assert got == value and type(got) is type(value)


# Any nesting of plain values, generated deterministically (no example database, fixed seed).
_leaves = (st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=20)
           | st.floats(allow_nan=False))
_plain = st.recursive(_leaves, lambda kids: st.lists(kids, max_size=4) | st.tuples(kids, kids)
                      | st.dictionaries(st.text(max_size=8), kids, max_size=4), max_leaves=20)


def _same(a, b):
    """Equal and of the same type all the way down (1 == 1.0 == True would hide a type change)."""
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(_plain)
def test_any_nesting_of_plain_values_round_trips_with_its_types(value):
    a, b = socket.socketpair()
    try:
        Channel(a).send({"v": value})
        assert _same(Channel(b, accept_fds=True).recv()["v"], value)
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("message, lean", [
    ({"op": "reply", "id": 2**62, "value": 0.25}, True),
    ({"op": "go", "id": 7}, True),
    ({"op": "x", "a": None, "b": True, "c": -3, "d": float("-inf"), "e": "ü" * 1024}, True),
    ({"op": "x", "e": "s" * 1025}, False),
    ({"op": "x", "big": 2**64}, False),
    ({"op": "x", "v": [1, None, "s"]}, True),
    ({"op": "x", "v": [[1]]}, False),
    ({"op": "x", "v": (1,)}, False),
    ({"op": "x", "v": {}}, False),
    ({"op": "x", "v": [0] * 17}, False),
    ({"op": "x", "v": np.float64(1.0)}, False),
    ({f"k{i}": i for i in range(17)}, False),
])
def test_small_dicts_of_plain_scalars_travel_lean_and_arrive_the_same(pair, message, lean):
    """The lean form (a flat JSON list) carries small dicts of exact plain scalars (and arrays, and
    one level of lists, below); anything else takes the tagged form, so what arrives is the same
    either way (2**64 still arrives opaque)."""
    doc, buffers = codec.encode(message)
    assert doc.startswith(b"[") == lean and (buffers == [] or not lean)
    sender, receiver = pair
    sender.send(message)
    got = receiver.recv()
    expected = {k: Opaque("int beyond 64 bits") if type(v) is int and v >= 2**64 else v for k, v in message.items()}
    assert got.keys() == expected.keys()
    assert all(_same(got[k], expected[k]) for k in got)


def _arrays_same(a, b):
    if type(a) is np.ndarray:
        return type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if type(a) is list:
        return type(b) is list and len(a) == len(b) and all(_arrays_same(x, y) for x, y in zip(a, b))
    return _same(a, b)


@pytest.mark.parametrize("message, lean", [
    ({"op": "callback", "n": 1, "args": [np.arange(23.0), np.ones((1, 4), np.float32)], "id": 3}, True),
    ({"op": "reply", "id": 2**62, "value": np.array([[0.5]])}, True),
    ({"op": "return", "value": np.zeros((2, 0, 3), ">i4"), "w": [1.5, np.arange(3, dtype=np.uint8), None]}, True),
    ({"op": "return", "value": np.arange(6.0).reshape(2, 3).T}, True),          # not C-contiguous: copied
    ({"op": "return", "value": np.array(["a"])}, False),                       # arrives opaque
    ({"op": "return", "value": np.arange(3.0).astype(np.complex128)}, False),   # arrives opaque
    ({"op": "callback", "args": [np.arange(3.0)], "kwargs": {}}, False),
    ({"op": "return", "value": (np.arange(3.0),)}, False),
])
def test_small_dicts_with_arrays_travel_lean_and_arrive_the_same(pair, message, lean):
    """A callback with its arrays, the reply, a returned array: the lean form carries them, with the
    arrays' bytes after the JSON as in the tagged form, and what arrives is what the tagged form gives."""
    doc, buffers = codec.encode(message)
    assert doc.startswith(b"[") == lean
    sender, receiver = pair
    sender.send(message)
    got = receiver.recv()
    assert got.keys() == message.keys()
    for k, v in message.items():
        if type(v) is tuple:
            assert type(got[k]) is tuple and all(_arrays_same(x, y) for x, y in zip(v, got[k]))
        elif type(v) is np.ndarray and v.dtype.kind in "cU":
            assert got[k] == Opaque(f"ndarray of dtype {v.dtype}"), k
        else:
            assert _arrays_same(v, got[k]), k
    assert all(type(a) is np.ndarray and a.flags.c_contiguous for a in buffers)


def test_an_array_the_other_side_shares_goes_back_lean_as_a_reference_never_as_its_bytes(pair):
    """A shared array (the weights a search moves, the 30M weights) comes back as a reference to it in
    the lean form too; the grading side resolves it as for the tagged form, and a side that shares
    nothing refuses it. What is sent with descriptors (SharedArray) stays tagged."""
    w = np.arange(10.0)
    doc, buffers = codec.encode({"op": "callback", "args": [w, np.ones(2)]}, shared=[w])
    assert json.loads(doc) == ["op", "callback", "args", {"l": [{"s": [0, "<f8", [10]]}, {"a": ["<f8", [2]]}]}]
    assert len(buffers) == 1 and buffers[0].nbytes == 16
    grader, worker = pair
    seen = []
    worker.shared = [w]
    worker.send({"op": "callback", "args": [w, np.ones(2)]}, shared=[w])
    got = grader.recv(resolve_shared=lambda i, dtype, shape: seen.append((i, dtype, shape)) or w * 2)
    assert seen == [(0, np.dtype("<f8"), (10,))] and np.array_equal(got["args"][0], w * 2)
    assert np.array_equal(got["args"][1], np.ones(2))
    worker.send({"op": "callback", "args": [w]}, shared=[w])
    with pytest.raises(ProtocolError):
        grader.recv()                                      # nothing shared with this request
    doc, _ = codec.encode({"op": "call", "args": [SharedArray(0, w.dtype, w.shape)]})
    assert not doc.startswith(b"[")


def test_a_lean_frame_too_large_is_refused_before_any_copy():
    view = np.broadcast_to(np.zeros(1), (1 << 28,))      # 2 GiB logically, nothing allocated
    with pytest.raises(FrameTooLarge):
        codec.encode({"op": "return", "value": [view]})


def test_nan_round_trips(pair):
    assert np.isnan(roundtrip(pair, float("nan")))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int32", "int64", "uint64", "float16", "float32",
                                   "float64", ">f8", ">i4"])
@pytest.mark.parametrize("shape", [(), (0,), (5,), (3, 4), (2, 0, 3)])
def test_numeric_arrays_round_trip_bit_for_bit(pair, dtype, shape):
    arr = (np.arange(int(np.prod(shape))) * 3 - 4).reshape(shape).astype(dtype)
    got = roundtrip(pair, arr)
    assert type(got) is np.ndarray and got.dtype == arr.dtype and got.shape == arr.shape
    assert got.tobytes() == arr.tobytes() and got.flags.writeable


def test_non_contiguous_arrays_arrive_in_c_order(pair):
    arr = np.arange(24.0).reshape(4, 6)[::2, ::-3]
    got = roundtrip(pair, arr)
    assert np.array_equal(got, arr) and got.flags.c_contiguous


def test_numpy_scalars_arrive_as_numpy_scalars(pair):
    for value in (np.float32(1.5), np.int64(-3), np.bool_(True), np.float64(2.0)):
        got = roundtrip(pair, value)
        assert type(got) is type(value) and got == value


class _Sub(np.ndarray):
    def __eq__(self, other):
        return True


class _Float(float):
    def __eq__(self, other):
        return True


class _ArrayLike:
    def __array__(self, dtype=None, copy=None):
        return np.zeros(3)

    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value, name", [
    (np.zeros(3).view(_Sub), "test_protocol._Sub"),
    (_Float(1.0), "test_protocol._Float"),
    (_ArrayLike(), "test_protocol._ArrayLike"),
    (np.zeros(2, dtype=object), "ndarray of dtype object"),
    (np.zeros(2, dtype=complex), "ndarray of dtype complex128"),
    (np.zeros(2, dtype="U3"), "ndarray of dtype <U3"),
    (np.zeros(2, dtype=np.longdouble), f"ndarray of dtype {np.dtype(np.longdouble)}"),
    (np.zeros(2, dtype=[("a", "f8")]), "ndarray of dtype [('a', '<f8')]"),
    (2**70, "int beyond 64 bits"),
    ({1: 2}, "dict with non-string keys"),
    (object(), "object"),
])
def test_anything_but_exact_plain_types_arrives_opaque(pair, value, name):
    got = roundtrip(pair, value)
    assert type(got) is Opaque and got.type_name == name
    assert not (got == 1.0) and got != np.zeros(3)


def test_callables_become_handles_only_when_registered(pair):
    sender, receiver = pair
    table = []
    sender.send({"f": len}, register_callable=lambda fn: table.append(fn) or len(table))
    got = receiver.recv()["f"]
    assert type(got) is Handle and got.number == 1 and table == [len]
    assert type(roundtrip(pair, len)) is Opaque


def test_self_referencing_values_are_cut_off(pair):
    loop = []
    loop.append(loop)
    got = roundtrip(pair, loop)
    for _ in range(codec._MAX_DEPTH):
        got = got[0]
    assert type(got) is Opaque


def test_a_two_gigabyte_broadcast_is_refused_without_allocating(pair):
    sender, _ = pair
    huge = np.broadcast_to(np.float64(1.0), (1 << 28,))
    tracemalloc.start()
    try:
        with pytest.raises(FrameTooLarge):
            sender.send({"v": huge})
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()


def test_many_references_to_one_array_count_each_time(pair):
    sender, _ = pair
    block = np.zeros(1 << 17)   # 1 MiB
    with pytest.raises(FrameTooLarge):
        sender.send({"v": [block] * 300})


def test_too_many_values_are_refused(pair):
    sender, _ = pair
    with pytest.raises(FrameTooLarge):
        sender.send({"v": [0] * (codec.MAX_VALUES + 1)})


# -- frames a hostile worker could write ---------------------------------------------------------

def raw(sock, doc, data=b"", head=None, fds=0):
    doc = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    sock.sendall(head or struct.pack("<QQI", len(doc), len(data), fds))
    sock.sendall(doc + data)


@pytest.fixture
def wire():
    a, b = socket.socketpair()
    yield a, Channel(b)
    a.close()
    b.close()


def test_an_oversized_header_is_refused_before_reading(wire):
    sock, channel = wire
    sock.sendall(struct.pack("<QQI", 10, 2**40, 0))
    tracemalloc.start()
    try:
        with pytest.raises(FrameTooLarge):
            channel.recv(deadline=None)
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("doc, data", [
    ({"v": {"t": "nd", "dtype": "|O", "shape": [1], "i": 0}}, b"\0" * 8),
    ({"v": {"t": "nd", "dtype": "<c16", "shape": [1], "i": 0}}, b"\0" * 16),
    ({"v": {"t": "nd", "dtype": "|V8", "shape": [1], "i": 0}}, b"\0" * 8),
    ({"v": {"t": "nd", "dtype": "(2,)f8", "shape": [1], "i": 0}}, b"\0" * 16),
    ({"v": {"t": "nd", "dtype": "<f8", "shape": [-1], "i": 0}}, b""),
    ({"v": {"t": "nd", "dtype": "<f8", "shape": [3], "i": 0}}, b"\0" * 8),
    ({"v": {"t": "nd", "dtype": "<f8", "shape": [1], "i": 1}}, b"\0" * 8),
    ({"v": {"t": "nd", "dtype": "<f8", "shape": "1", "i": 0}}, b"\0" * 8),
    ({"v": {"t": "pickle", "data": "gASVAAAAAAAAAAA="}}, b""),
    ({"v": {"t": "shm", "i": 0, "dtype": "<f8", "shape": [1]}}, b""),
    ({"v": [1, 2]}, b""),
    ([1, 2], b""),
    (b"{not json", b""),
    (b"[" * 100000 + b"]" * 100000, b""),
    (b'{"v": 1' + b"0" * 5000 + b"}", b""),
    # the lean form: [key, value, ...] of plain scalars, nothing else
    (["op"], b""),
    (["op", "reply", "id"], b""),
    (["v", [1, 2]], b""),
    (["v", {"t": "nd", "dtype": "<f8", "shape": [1], "i": 0}], b"\0" * 8),
    (["v", 1.5], b"\0" * 8),
    ([1, "v"], b""),
    (["k", 1] * 17, b""),
    (["v", {"a": ["<f8", [2]]}], b"\0" * 8),                      # the bytes do not add up
    (["v", {"a": ["<f8", [1]]}], b""),
    (["v", {"a": ["|O", [1]]}], b"\0" * 8),
    (["v", {"a": ["<c16", [1]]}], b"\0" * 16),
    (["v", {"a": ["<f8", [-1]]}], b""),
    (["v", {"a": ["<f8", "1"]}], b"\0" * 8),
    (["v", {"a": ["<f8"]}], b"\0" * 8),
    (["v", {"a": ["<f8", [1]], "l": []}], b"\0" * 8),
    (["v", {"l": [{"l": []}]}], b""),                              # one level of lists only
    (["v", {"l": [[1]]}], b""),
    (["v", {"l": [0] * 17}], b""),
    (["v", {"l": 1}], b""),
    (["v", {"t": "nd", "dtype": "<f8", "shape": [1], "i": 0}], b"\0" * 8),
    (["v", {"a": ["<f8", [1]]}, "w", {"a": ["<f8", [1]]}], b"\0" * 8),
    (["v", {"s": [0, "<f8", [1]]}], b""),                          # the worker shares nothing back
    (["v", {"s": ["0", "<f8", [1]]}], b""),
    (["v", {"s": [0, "|O", [1]]}], b""),
    (["v", {"s": [0, "<f8"]}], b""),
])
def test_malformed_frames_are_protocol_errors(wire, doc, data):
    sock, channel = wire
    raw(sock, doc, data)
    with pytest.raises(ProtocolError):
        channel.recv()


def test_descriptors_from_a_worker_are_not_accepted(wire):
    sock, channel = wire
    r, w = os.pipe()
    try:
        doc = json.dumps({"v": 1}).encode()
        socket.send_fds(sock, [struct.pack("<QQI", len(doc), 0, 1)], [r])
        sock.sendall(doc)
        with pytest.raises(ProtocolError):
            channel.recv()
    finally:
        os.close(r)
        os.close(w)


def test_a_lean_frame_with_descriptors_is_refused_by_the_worker():
    """Descriptors come only with references to them, which the lean form never has."""
    a, b = socket.socketpair()
    r, w = os.pipe()
    try:
        doc = json.dumps(["v", {"a": ["<f8", [1]]}]).encode()
        socket.send_fds(a, [struct.pack("<QQI", len(doc), 8, 1)], [r])
        a.sendall(doc + b"\0" * 8)
        with pytest.raises(ProtocolError):
            Channel(b, accept_fds=True).recv()
    finally:
        for fd in (r, w):
            os.close(fd)
        a.close()
        b.close()


# -- shared arrays ---------------------------------------------------------------------------------

def test_a_shared_array_is_written_in_place_and_read_back_by_the_sender(pair):
    sender, receiver = pair
    w = np.arange(10.0)
    fd, sealed = share_array(w)
    try:
        sender.send({"args": [SharedArray(0, w.dtype, w.shape)]}, fds=[fd])
        got = receiver.recv()["args"][0]
        assert type(got) is np.ndarray and np.array_equal(got, w) and receiver.shared[0] is got
        got[3] = -1.0
        after = read_shared(fd, w.dtype, w.shape)
        assert after[3] == -1.0 and w[3] == 3.0
        # A reference back to it travels as a reference, not as bytes.
        receiver.send({"v": got}, shared=receiver.shared)
        seen = sender.recv(resolve_shared=lambda i, dtype, shape: read_shared(fd, dtype, shape))["v"]
        assert seen[3] == -1.0
        if sealed:
            with pytest.raises(OSError):
                os.ftruncate(fd, 8)
    finally:
        os.close(fd)


def test_a_new_shared_array_holds_its_parts_one_after_another():
    parts = [np.arange(5, dtype=np.float32), np.arange(3, dtype=np.float32) * -1, np.float32([7.5])]
    fd, sealed, arr = new_shared(np.float32, (3, 3), parts)
    try:
        assert arr.shape == (3, 3) and not arr.flags.writeable
        assert np.array_equal(arr.reshape(-1), np.concatenate(parts))
        assert np.array_equal(read_shared(fd, np.dtype(np.float32), (9,)), np.concatenate(parts))
    finally:
        os.close(fd)
    for wrong in ([np.zeros(8, np.float32)], [np.zeros(10, np.float32)]):
        with pytest.raises(ValueError):
            new_shared(np.float32, (3, 3), wrong)


def test_views_of_a_calls_arrays_show_what_the_worker_wrote_since():
    """The grading process reads a call's large arrays through one mapping each (made once, or the
    argument itself where it is a mapping of its file): every read shows the file as it is now."""
    from gdgrade.proxy import _SharedArgs
    fd, sealed, w = new_shared(np.float64, (6,), [np.arange(6.0)])
    try:
        if not sealed:
            pytest.skip("memory files cannot be sealed here")
        shared = _SharedArgs([w, np.ones(3)], views=True, files={0: fd})
        try:
            worker_side = [map_shared(f, np.dtype(np.float64), shape) for f, shape in zip(shared.fds, ((6,), (3,)))]
            assert shared.resolve(0, np.dtype(np.float64), (6,)) is w
            first = shared.resolve(1, np.dtype(np.float64), (3,))
            worker_side[0][2] = -1.0
            worker_side[1][0] = 5.0
            assert shared.resolve(1, np.dtype(np.float64), (3,)) is first
            assert w[2] == -1.0 and first[0] == 5.0
            assert [list(a) for a in shared.after()] == [[0, 1, -1, 3, 4, 5], [5, 1, 1]]
        finally:
            shared.close()
    finally:
        os.close(fd)


def test_reading_a_truncated_unsealed_file_is_an_error(tmp_path):
    with open(tmp_path / "f", "wb+") as fh:
        fh.write(b"\0" * 8)
        fh.flush()
        with pytest.raises(ProtocolError):
            read_shared(fh.fileno(), np.dtype("<f8"), (4,))
        with pytest.raises(ProtocolError):
            map_shared(fh.fileno(), np.dtype("<f8"), (4,))


def test_a_peer_that_stops_reading_times_out_a_send(pair):
    import time
    sender, _ = pair
    start = time.monotonic()
    with pytest.raises(PeerTimeout):
        sender.send({"v": np.zeros(4 << 20)}, deadline=time.monotonic() + 0.3)
    assert time.monotonic() - start < 2


# -- the worker's stub mark --------------------------------------------------------------

def _defined(source, name="f"):
    space = {}
    exec(source, space)  # noqa: S102 - test fixtures written here
    return space[name]


@pytest.mark.parametrize("source", [
    'def f(x):\n    raise NotImplementedError\n',
    'def f(x, y=1):\n    """Doc."""\n    raise NotImplementedError("fill me in")\n',
])
def test_a_function_that_only_raises_not_implemented_is_a_stub(source):
    from gdgrade.gdkit.worker import _is_stub
    assert _is_stub(_defined(source))


@pytest.mark.parametrize("source", [
    'def f(x):\n    if x:\n        raise NotImplementedError\n    return 1\n',
    'def f(x):\n    print(x)\n    raise NotImplementedError\n',
    'def f(x):\n    raise NotImplementedError(x)\n',
    'def f(x):\n    raise ValueError\n',
    'def f(x):\n    return NotImplementedError\n',
    'def f(x):\n    raise NotImplementedError(1.5)\n',
])
def test_a_function_that_may_do_anything_else_is_not_a_stub(source):
    """A wrong stub mark would fail every test of a function that may be right on some inputs."""
    from gdgrade.gdkit.worker import _is_stub
    assert not _is_stub(_defined(source))


def test_what_the_worker_says_of_an_exception_is_cut_to_size():
    """The worker is the candidate's to rewrite: an exception's class name, bases and message reach
    feedback and the report only cut to size."""
    from gdgrade.proxy import _raised
    r = _raised({"type": "X" * 5000, "bases": ["Exception"] * 100, "message": "m" * 10000})
    assert (len(r.type), len(r.bases), len(r.message)) == (80, 32, 500)
