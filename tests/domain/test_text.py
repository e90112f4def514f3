"""Normalisation and validation of typed text."""
import pytest

from app.domain import text
from app.domain.errors import DomainError


def codes(fn, *args):
    with pytest.raises(DomainError) as info:
        fn(*args)
    return info.value.code


def test_note_is_trimmed_and_spaces_collapse():
    assert text.note_text("  Bedre   dialog \t med  kommunen  ") == "Bedre dialog med kommunen"


def test_nfc_makes_composed_and_decomposed_equal():
    assert text.note_text("sa\u030amhandling") == text.note_text("s\u00e5mhandling")


def test_invisible_and_bidi_characters_are_removed():
    assert text.note_text("tillit\u200b\u202e mellom\ufeff oss") == "tillit mellom oss"


def test_line_breaks_are_kept_but_not_piled_up():
    assert text.note_text("a\r\nb\n\n\n\nc") == "a\nb\n\nc"


@pytest.mark.parametrize("raw", ["", "   ", "\n\t ", "\u200b\u200b"])
def test_empty_notes_are_refused(raw):
    assert codes(text.note_text, raw) == "note_empty"


def test_length_limit_counts_characters_not_bytes():
    assert text.note_text("æ" * text.NOTE_MAX_CHARS) == "æ" * text.NOTE_MAX_CHARS
    assert codes(text.note_text, "æ" * (text.NOTE_MAX_CHARS + 1)) == "note_too_long"


@pytest.mark.parametrize("raw", ["bell\x07", "nul\x00byte", "esc\x1b[31m"])
def test_control_characters_are_refused(raw):
    assert codes(text.note_text, raw) == "text_control_chars"


@pytest.mark.parametrize("raw", [None, 42, ["a"], {"t": 1}, "lone \ud800 surrogate"])
def test_non_text_is_refused(raw):
    assert codes(text.note_text, raw) == "text_invalid"


def test_markup_is_kept_as_typed():
    assert text.note_text("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"
