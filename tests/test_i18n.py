"""gdgrade's own messages: every one marked for translation has its Korean, and the catalogue reads."""

import ast
import re
from pathlib import Path

from gdgrade.i18n import catalogue, translator

GRADER = Path(__file__).resolve().parent.parent / "grader"


def marked_messages():
    """Every literal passed to _() in gdgrade's code, with where it is."""
    found = {}
    for path in sorted(GRADER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, f"{path.relative_to(GRADER)}:{node.lineno}")
    return found


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
        assert sorted(re.findall(r"{\w+}", msgid)) == sorted(re.findall(r"{\w+}", msgstr)), msgid
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
