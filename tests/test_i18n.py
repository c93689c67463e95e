"""gdgrade's own messages: every one marked for translation has its Korean, and the catalogue reads."""

import ast
import re
from pathlib import Path

import pytest

from gdgrade.i18n import catalogue, entries, question_catalogue, translator
from gdgrade.pack import load_pack

GRADER = Path(__file__).resolve().parent.parent / "grader"


MARKERS = ("_", "msg", "N_")       # the calls whose first argument is a message in English


def marked_in(paths):
    """{message: where} of every literal passed to _(), msg() or N_() in `paths`."""
    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, f"{path.relative_to(GRADER)}:{node.lineno}")
    return found


def _own_code():
    """gdgrade's code outside the question folders (whose words are in their own ko.po)."""
    return [p for p in sorted(GRADER.rglob("*.py")) if not re.match(r"q\d\d_", p.parent.name)]


def marked_in_templates():
    """{message: where} of every _("...") in gdgrade's Jinja2 templates."""
    found = {}
    for path in sorted(GRADER.rglob("*.j2")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for message in re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', line):
                found.setdefault(message, f"{path.relative_to(GRADER)}:{number}")
    return found


def marked_messages():
    return {**marked_in(_own_code()), **marked_in_templates()}


def test_the_code_marks_messages():
    assert len(marked_messages()) >= 20


def test_every_marked_message_has_its_korean():
    korean = catalogue("ko")
    missing = [f"{where}: {msg!r}" for msg, where in marked_messages().items() if msg not in korean]
    assert not missing, "messages without Korean in locale/ko/LC_MESSAGES/gdgrade.po:\n" + "\n".join(missing)


def test_no_stale_entries_and_the_same_placeholders():
    marked = marked_messages()
    for msgid, msgstr in catalogue("ko").items():
        assert msgid in marked, f"gdgrade.po has {msgid!r}, which no code uses"
        assert sorted(re.findall(r"{[^}]*}", msgid)) == sorted(re.findall(r"{[^}]*}", msgstr)), msgid
        assert re.search("[가-힣]", msgstr), f"{msgid!r} is not translated into Korean"


def test_translator_falls_back_to_english_and_refuses_unknown_languages():
    assert translator("en")("Stopped watching.") == "Stopped watching."
    assert translator("ko")("Stopped watching.") == "지켜보기를 멈췄습니다."
    assert translator("ko")("a sentence nobody wrote") == "a sentence nobody wrote"
    try:
        translator("fr")
    except ValueError as exc:
        assert "fr" in str(exc)
    else:
        raise AssertionError("translator('fr') did not refuse")


QUESTIONS = load_pack().questions


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_message_of_a_question_has_its_korean(question):
    """Its hidden tests' and figures' messages, its checks' descriptions and its property labels."""
    known = entries("ko", question.folder)
    missing = [f"{where}: {m!r}" for m, where in marked_in(sorted(question.folder.glob("*.py"))).items()
               if m not in known]
    module = ast.parse((question.folder / "test_hidden.py").read_text(encoding="utf-8"))
    docs = [" ".join(ast.get_docstring(node).split()) for node in module.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and ast.get_docstring(node)]
    missing += [f"docstring: {d!r}" for d in docs if d not in known]
    missing += [f"label of {name}" for f in question.functions for name, _ in f.property_checks
                if not dict(f.labels)[name].get("ko")]
    assert not missing, f"{question.id} lacks Korean for:\n" + "\n".join(missing)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_a_question_catalogue_has_no_stale_entries(question):
    path = question.folder / "ko.po"
    if not path.is_file():
        pytest.skip("no ko.po yet")
    module = ast.parse((question.folder / "test_hidden.py").read_text(encoding="utf-8"))
    used = set(marked_in(sorted(question.folder.glob("*.py"))))
    used |= {" ".join(ast.get_docstring(n).split()) for n in module.body
             if isinstance(n, ast.FunctionDef) and ast.get_docstring(n)}
    for msgid, msgstr in question_catalogue(question.folder, "ko").items():
        assert msgid in used, f"{path.name} of {question.id} has {msgid!r}, which nothing uses"
        assert sorted(re.findall(r"{[^}]*}", msgid)) == sorted(re.findall(r"{[^}]*}", msgstr)), msgid


def test_korean_particles_take_their_form_from_the_syllable_filled_in():
    from gdgrade.i18n import particles, say
    assert particles("결과이(가) 다릅니다") == "결과가 다릅니다"
    assert particles("기울기 방향이(가) 다릅니다") == "기울기 방향이 다릅니다"
    assert particles("함수을(를) 부르고 값(으)로, 거리(으)로, 길(으)로 간 것은(는)") == \
        "함수를 부르고 값으로, 거리로, 길로 간 것은"
    # After code or a number both forms stay: nothing says how they are read.
    assert particles("find_jumps이(가) 0.5(으)로") == "find_jumps이(가) 0.5(으)로"
    said = say((("{what} differs", {"what": {"msg": [["the result", {}]]}}),),
               lambda m: {"{what} differs": "{what}이(가) 다릅니다", "the result": "결과"}.get(m, m))
    assert said == "결과가 다릅니다"
