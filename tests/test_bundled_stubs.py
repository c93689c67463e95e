"""Question files that are the bundled stubs byte for byte are graded without a worker
(gdgrade.sandbox.stubs), with the very hello and feedback a worker would give; any other
file, however close to a stub, still gets its worker."""

import shutil
import time

import pytest

from conftest import CHALLENGES, REFERENCE
from gdgrade import sandbox
from gdgrade.cli import grade
from gdgrade.gdkit.channel import Channel
from gdgrade.pack import load_pack

PACK = load_pack()


def _functions(q):
    return [f.name for f in q.functions]


@pytest.mark.parametrize("qid", [q.id for q in PACK.questions])
def test_the_stub_hello_is_what_a_worker_says(qid, tmp_path):
    q = PACK.question(qid)
    sb = sandbox.Sandbox(CHALLENGES)
    try:
        sb.prepare()
        known = sb.stub_hello(q.filename, _functions(q))
        worker = sb.start(q.filename, _functions(q))
        try:
            hello = Channel(worker.sock).recv(deadline=time.monotonic() + 30)
        finally:
            worker.kill()
    finally:
        sb.close()
    assert known is not None
    assert (known["op"], known["functions"], known["problem"]) == (hello["op"], hello["functions"], hello["problem"])


def test_a_changed_or_linked_stub_gets_a_worker(tmp_path):
    q = PACK.question("q09")
    changed, linked = tmp_path / "changed", tmp_path / "linked"
    changed.mkdir()
    linked.mkdir()
    (changed / q.filename).write_bytes((CHALLENGES / q.filename).read_bytes() + b"\n")
    (linked / q.filename).symlink_to(CHALLENGES / q.filename)
    for folder in (changed, linked):
        for level in (sandbox.BWRAP, sandbox.PLAIN):
            sb = sandbox.Sandbox(folder, prefer=level)
            try:
                sb.prepare()
                assert sb.stub_hello(q.filename, _functions(q)) is None, (folder.name, sb.level)
            finally:
                sb.close()


def test_the_stubs_are_graded_without_starting_a_worker(monkeypatch, tmp_path):
    """And a real file beside them is still graded by its own worker."""
    started = []
    start = sandbox.Sandbox.start

    def counted(self, module_file, functions):
        started.append(module_file)
        return start(self, module_file, functions)

    monkeypatch.setattr(sandbox.Sandbox, "start", counted)
    folder = tmp_path / "sub"
    shutil.copytree(CHALLENGES, folder)
    shutil.copy(REFERENCE / "q09_zero_gradients.py", folder / "q09_zero_gradients.py")
    results = grade(folder, 0, ["q08", "q09", "q10"], jobs=1, allow_unsandboxed=True)[1]
    assert started == ["q09_zero_gradients.py"]
    for t in results.tests:
        if t.question == "q09":
            assert t.passed, (t.name, t.feedback)
        else:
            assert "not implemented" in t.feedback, (t.name, t.feedback)


def test_only_questions_that_start_a_worker_get_a_grading_process_of_their_own(tmp_path):
    """The stubs and missing files start no worker: the stubs are graded in one process, a folder
    with two real files in at most two, whatever --jobs asks."""
    from gdgrade.runner import grading_processes
    folder = tmp_path / "sub"
    shutil.copytree(CHALLENGES, folder)
    (folder / "q05_other_losses.py").unlink()
    everything = [q.id for q in PACK.questions]
    for submission, most in ((CHALLENGES, 1), (folder, 1), (REFERENCE, 8)):
        sb = sandbox.Sandbox(submission, prefer="plain")
        try:
            assert grading_processes(PACK, sb, everything, 8) == most
        finally:
            sb.close()
    for module in ("q01_perturb.py", "q07_per_example.py"):
        shutil.copy(REFERENCE / module, folder / module)
    sb = sandbox.Sandbox(folder, prefer="plain")
    try:
        assert grading_processes(PACK, sb, everything, 8) == 2
        assert grading_processes(PACK, sb, ["q01", "q02"], 8) == 1
        assert grading_processes(PACK, sb, everything, 1) == 1
    finally:
        sb.close()
