"""The 30M-weight model of Q1 and Q3 (gdgrade.pack.shared.ScaleProblem): its w lives in one
sealed memory file per grading process that goes to workers as it is, so a change to it must
always be seen, and a process forked from another must never share it."""

import json
import os

import numpy as np

from gdgrade.gdkit.models import scale_problem as built_here
from gdgrade.gdkit.shared import map_shared
from gdgrade.pack.shared import ScaleProblem, scale_problem

SEED = 7


def test_its_arrays_are_those_of_the_toolkits_scale_problem():
    net, w, X, Y = ScaleProblem(SEED)
    net2, w2, X2, Y2 = built_here(SEED)
    assert net.sizes == net2.sizes
    for a, b in ((w, w2), (X, X2), (Y, Y2)):
        assert a.dtype == b.dtype and np.array_equal(a.view(np.uint8), b.view(np.uint8))
        assert not a.flags.writeable


def test_a_change_to_the_file_is_seen_and_the_file_built_anew():
    problem = ScaleProblem(SEED)
    fd = problem.weights_file()
    inode = os.fstat(fd).st_ino
    assert problem.unchanged()
    worker_view = map_shared(fd, np.dtype(np.float32), (problem.net.n_params,))   # what a worker maps
    worker_view[12_345_678] += 1
    assert not problem.unchanged()
    fresh = problem.weights_file()
    assert os.fstat(fresh).st_ino != inode and problem.unchanged()
    _, w, _, _ = problem
    assert w[12_345_678] != worker_view[12_345_678]
    problem.close()


def test_only_a_file_a_worker_has_had_is_checked_before_it_goes_out(monkeypatch):
    """Built and not yet handed out, nobody can have written into it; once handed out, a worker
    may write into it until it is dead, so every later hand-out compares it first."""
    from gdgrade.pack import shared
    checks = []
    real = shared._repeats_block
    monkeypatch.setattr(shared, "_repeats_block", lambda w, block: checks.append(1) or real(w, block))
    problem = ScaleProblem(SEED)
    problem.build()
    problem.build()
    fd = problem.weights_file()
    inode = os.fstat(fd).st_ino
    assert checks == [] and problem.lent
    assert problem.weights_file() == fd and checks == [1]
    map_shared(fd, np.dtype(np.float32), (problem.net.n_params,))[-1] += 1   # the worker writes late
    fresh = problem.weights_file()
    assert checks == [1, 1] and os.fstat(fresh).st_ino != inode and problem.unchanged()
    problem.close()


def test_the_file_cannot_be_resized():
    problem = ScaleProblem(SEED)
    fd = problem.weights_file()
    for size in (0, os.fstat(fd).st_size + 4096):
        try:
            os.ftruncate(fd, size)
        except PermissionError:
            continue
        raise AssertionError(f"the file could be resized to {size}")
    problem.close()


def test_a_forked_grading_process_builds_its_own():
    parent = scale_problem(SEED)
    inode = os.fstat(parent.weights_file()).st_ino
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            child = scale_problem(SEED)
            os.write(w, json.dumps([child is parent, child.pid == os.getpid(),
                                    os.fstat(child.weights_file()).st_ino]).encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        same, own, child_inode = json.loads(fh.read())
    os.waitpid(pid, 0)
    assert not same and own and child_inode != inode
    assert scale_problem(SEED) is parent and parent.unchanged()


def test_q01_and_q03_build_the_model_while_their_first_worker_starts(tmp_path):
    """Both hidden test modules have a warm_up() that builds this process's model file; the
    runner calls it (while the first worker starts) once, and a warm_up that raises changes
    nothing (the test that needs the work meets the problem again)."""
    import importlib.util
    from types import SimpleNamespace
    from gdgrade import runner
    from gdgrade.pack import load_pack
    for qid in ("q01", "q03"):
        folder = load_pack().question(qid).folder
        spec = importlib.util.spec_from_file_location(f"_warm_{qid}", folder / "test_hidden.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        scale_problem(module.SCALE_SEED).close()
        runner._warm_up([SimpleNamespace(module=module)])
        assert scale_problem(module.SCALE_SEED).fd is not None and scale_problem(module.SCALE_SEED).unchanged()
    calls = []
    runner._warm_up([SimpleNamespace(module=SimpleNamespace(warm_up=lambda: calls.append(1)))])
    runner._warm_up([SimpleNamespace(module=SimpleNamespace(warm_up=lambda: 1 / 0))])
    runner._warm_up([SimpleNamespace(module=SimpleNamespace())])
    runner._warm_up([])
    assert calls == [1]


def test_the_runner_warms_up_the_first_question_only_when_its_worker_starts(monkeypatch):
    """Grading q01 warms it up once, before its first test; the stub of q01, which starts no
    worker, is not warmed up (its 30M-weight test fails before building anything)."""
    from conftest import CHALLENGES, REFERENCE
    from gdgrade import runner
    from gdgrade.cli import grade
    warmed = []
    real = runner._warm_up
    monkeypatch.setattr(runner, "_warm_up", lambda items: warmed.append(items[0].path.parent.name) or real(items))
    assert grade(REFERENCE, 0, ["q01"], jobs=1)[1].score == 10
    assert warmed == ["q01_perturb"]
    warmed.clear()
    assert grade(CHALLENGES, 0, ["q01"], jobs=1)[1].score == 0
    assert warmed == []


def test_where_files_cannot_be_sealed_w_is_a_plain_array(monkeypatch):
    """at_scale then shares a copy per call; the weights are the same."""
    from gdgrade.gdkit import shared
    monkeypatch.setattr(shared, "_seal_size", lambda fd: False)
    problem = ScaleProblem(SEED)
    assert problem.weights_file() is None
    _, w, _, _ = problem
    _, w2, _, _ = built_here(SEED)
    assert type(w) is np.ndarray and not w.flags.writeable and np.array_equal(w.view(np.uint32), w2.view(np.uint32))
