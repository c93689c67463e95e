"""The pack's texts are complete in English and Korean, hinted in stages, and use one Korean term
per idea."""

import re

import pytest

from gdgrade.pack import load_pack

PACK = load_pack()
LANGUAGES = ("en", "ko")

# Korean spellings standardised away, with the term the pack uses instead.
BANNED_KO = {
    "그래디언트": "기울기",
    "경사도": "기울기 (or 구간 for a ramp)",
    "강한 증가": "순증가",
    "넘쳐": "지나쳐",
    "최솟점": "최소점",
    "0-1 오류": "0-1 손실",
    "한 걸음": "스텝",
    "곡률을 느낍": "곡률이 드러납니다",
    "가장 작은 음의": "가장 음수 쪽으로 큰",
    "당기는": "향하는",
    "극소점": "국소 최소점",
}
# "경사 하강" always as the method's name, 경사 하강법.
BANNED_KO_PATTERNS = {r"경사 ?하강(?!법)": "경사 하강법"}


def _complete(text):
    """True iff `text` holds a non-empty string for every language."""
    return isinstance(text, dict) and all(isinstance(text.get(lang), str) and text[lang].strip()
                                          for lang in LANGUAGES)


def _korean_texts(question):
    """(where, Korean text) for every text of the question that has a Korean version."""
    for name in ("title", "question", "explanation"):
        yield name, getattr(question, name).get("ko", "")
    for f in question.functions:
        for k, stage in enumerate(f.hints):
            yield f"{f.name} hint {k + 1}", stage.get("ko", "")
    for k, m in enumerate(question.misconceptions):
        yield f"misconception {k + 1} claim", m["claim"].get("ko", "")
        yield f"misconception {k + 1} correction", m["correction"].get("ko", "")


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_title_question_and_explanation_in_both_languages(question):
    for name in ("title", "question", "explanation"):
        assert _complete(getattr(question, name)), (question.id, name)


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_every_function_has_two_or_three_bilingual_hint_stages(question):
    for f in question.functions:
        assert 2 <= len(f.hints) <= 3, (f.name, len(f.hints))
        for k, stage in enumerate(f.hints):
            assert _complete(stage), (f.name, k + 1, stage)


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_misconceptions_have_claim_and_correction_in_both_languages(question):
    names = {f.name for f in question.functions}
    for k, m in enumerate(question.misconceptions):
        assert _complete(m["claim"]), (question.id, k + 1, "claim")
        assert _complete(m["correction"]), (question.id, k + 1, "correction")
        assert set(m["functions"]) <= names, (question.id, k + 1, m["functions"])


@pytest.mark.parametrize("qid", ["q09", "q10"])
def test_q9_and_q10_have_two_to_four_misconceptions(qid):
    assert 2 <= len(PACK.question(qid).misconceptions) <= 4


def test_max_stable_lr_hints_do_not_state_the_answer():
    """The hints lead to the top eigenvector's factor; they must not hand over 2/λ_max."""
    for stage in PACK.question("q10").function("max_stable_lr").hints:
        for lang in LANGUAGES:
            assert not re.search(r"2\s*/\s*(λ|lambda)", stage.get(lang, "")), stage


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_korean_uses_the_standard_terms(question):
    found = []
    for where, text in _korean_texts(question):
        found += [(where, term, use) for term, use in BANNED_KO.items() if term in text]
        found += [(where, pattern, use) for pattern, use in BANNED_KO_PATTERNS.items()
                  if re.search(pattern, text)]
    assert not found, found


def _bilingual_texts(question):
    """(where, {en, ko}) for every text of the question."""
    for name in ("title", "question", "explanation"):
        yield name, getattr(question, name)
    for f in question.functions:
        for k, stage in enumerate(f.hints):
            yield f"{f.name} hint {k + 1}", stage
    for k, m in enumerate(question.misconceptions):
        yield f"misconception {k + 1} claim", m["claim"]
        yield f"misconception {k + 1} correction", m["correction"] or {"en": "", "ko": ""}


@pytest.mark.parametrize("question", PACK.questions, ids=lambda q: q.id)
def test_the_korean_states_the_same_measured_numbers_as_the_english(question):
    """Every decimal number (a measured or computed value such as 0.206) is in both languages, as often."""
    def decimals(text):
        return sorted(re.findall(r"\d+\.\d+", text))
    for where, text in _bilingual_texts(question):
        assert decimals(text["en"]) == decimals(text["ko"]), (question.id, where)
