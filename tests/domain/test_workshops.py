"""Rules for a new workshop."""
import pytest

from app.domain import workshops
from app.domain.errors import DomainError


def test_template_questions_make_a_valid_workshop():
    draft = workshops.draft(title="Verksted for innbyggere", stakeholder="Innbyggere",
                            questions=list(workshops.SAMHANDLING_TEMPLATE))
    assert draft.questions == workshops.SAMHANDLING_TEMPLATE
    assert draft.stakeholder == "Innbyggere"
    assert draft.language == "nb"


def test_blank_question_rows_are_skipped():
    draft = workshops.draft(title="T", questions=["", "  Hva fungerer? ", None, ""])
    assert draft.questions == ("Hva fungerer?",)


@pytest.mark.parametrize("kwargs, code", [
    ({"title": " ", "questions": ["Q"]}, "title_empty"),
    ({"title": "T" * 121, "questions": ["Q"]}, "title_too_long"),
    ({"title": "T", "questions": ["", " "]}, "questions_empty"),
    ({"title": "T", "questions": "Q"}, "questions_empty"),
    ({"title": "T", "questions": ["Q"] * 11}, "questions_too_many"),
    ({"title": "T", "questions": ["Q" * 301]}, "question_too_long"),
    ({"title": "T", "questions": ["Q"], "language": "de"}, "language_unknown"),
    ({"title": "T", "questions": ["Q"], "stakeholder": "x" * 61}, "label_too_long"),
])
def test_bad_input_is_refused_with_a_code(kwargs, code):
    with pytest.raises(DomainError) as info:
        workshops.draft(**kwargs)
    assert info.value.code == code
