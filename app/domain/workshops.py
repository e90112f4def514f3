"""Rules for creating and configuring a workshop and its boards."""
from __future__ import annotations

from dataclasses import dataclass

from . import text
from .errors import DomainError

MAX_QUESTIONS = 10
LANGUAGES = ("nb", "nn", "en")

# The two questions of Kristiansand's "samhandlingskommune" workshops.
SAMHANDLING_TEMPLATE = (
    "Hva mener du fremmer god samhandling mellom innbyggere og kommunen?",
    "Hvordan kan kommunen jobbe for å gjøre det enklere for innbyggerne "
    "å samhandle med kommunen?",
)

STAKEHOLDER_SUGGESTIONS = ("Innbyggere", "Medarbeidere", "Ledere", "Politikere")


@dataclass(frozen=True)
class WorkshopDraft:
    """A validated request to create a workshop."""

    title: str
    stakeholder: str
    questions: tuple[str, ...]
    allow_names: bool = False
    language: str = "nb"


def draft(*, title: object, stakeholder: object = None, questions: object,
          allow_names: object = False, language: object = "nb") -> WorkshopDraft:
    """Validate form input for a new workshop.

    Blank question fields are skipped (the form offers spare rows); at least
    one question must remain. Raises ``DomainError`` with the first problem.
    """
    clean_title = text.required_line(
        title, limit=text.TITLE_MAX_CHARS,
        empty_code="title_empty", long_code="title_too_long")
    clean_label = text.optional_line(
        stakeholder, limit=text.LABEL_MAX_CHARS, long_code="label_too_long")
    if not isinstance(questions, (list, tuple)):
        raise DomainError("questions_empty")
    clean_questions = []
    for raw in questions:
        q = text.normalise(raw if raw is not None else "", multiline=False)
        if not q:
            continue
        if len(q) > text.QUESTION_MAX_CHARS:
            raise DomainError("question_too_long", limit=text.QUESTION_MAX_CHARS)
        clean_questions.append(q)
    if not clean_questions:
        raise DomainError("questions_empty")
    if len(clean_questions) > MAX_QUESTIONS:
        raise DomainError("questions_too_many", limit=MAX_QUESTIONS)
    if language not in LANGUAGES:
        raise DomainError("language_unknown")
    return WorkshopDraft(
        title=clean_title, stakeholder=clean_label,
        questions=tuple(clean_questions), allow_names=bool(allow_names),
        language=str(language))


def display_name(raw: object) -> str:
    """A participant's optional first name: one line, short, may be empty."""
    return text.optional_line(raw, limit=text.NAME_MAX_CHARS, long_code="name_too_long")
