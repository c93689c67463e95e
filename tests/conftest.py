"""Shared helpers of the project's tests: build submissions and grade them in-process."""

import shutil
from pathlib import Path

import pytest

from gdgrade.cli import grade

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference"
CHALLENGES = ROOT / "challenges"
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
WRONG = SUBMISSIONS / "wrong"
VARIANT = SUBMISSIONS / "variant"


def reference_submission(folder, questions=None):
    """Copy the reference modules into `folder` as a submission; returns folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(REFERENCE.glob("q*.py")):
        if questions is None or path.name[:3] in questions:
            shutil.copy(path, folder / path.name)
    return folder


def mutant_submission(folder, mutant_path):
    """The reference module of the file's question with the file's definitions appended.

    A mutant `qNN_what_goes_wrong.py` (or a one-file variant) redefines functions of
    reference/qNN_*.py; later definitions win, so the rest of the module stays the reference's."""
    qid = mutant_path.name[:3]
    module = next(REFERENCE.glob(f"{qid}_*.py"))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = module.read_text() + "\n\n# --- appended: " + mutant_path.name + " ---\n" + mutant_path.read_text()
    (folder / module.name).write_text(text)
    return folder


def breaks(mutant_path):
    """The function a mutant breaks, from its `BREAKS = "name"` line."""
    for line in mutant_path.read_text().splitlines():
        if line.startswith("BREAKS = "):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise ValueError(f"{mutant_path.name} has no BREAKS line")


def untranslated_feedback(results, lang="ko"):
    """[(question, test, English template)] of feedback that has no translation into `lang`."""
    from gdgrade.i18n import entries, untranslated
    from gdgrade.pack import load_pack
    pack = load_pack()
    return [(t.question, t.name, template) for t in results.tests if not t.passed
            for template in untranslated(t.message, entries(lang, pack.question(t.question).folder))]


def function_scores(results):
    """{(question, function): (score, max_score)}"""
    return {(q.id, f.name): (f.score, f.max_score) for q in results.questions for f in q.functions}


@pytest.fixture
def grade_folder():
    """grade_folder(path, questions=None, seed=0) -> Results."""

    def _grade(path, questions=None, seed=0):
        return grade(Path(path), seed, questions)[1]

    return _grade
