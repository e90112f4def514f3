"""Translated sentences for every domain error code and for the browser scripts."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l

from .domain.errors import DomainError

ERRORS = {
    "text_invalid": _l("That text could not be read. Please type it again."),
    "text_control_chars": _l("The text contains invisible control characters. "
                             "Please remove them and try again."),
    "note_empty": _l("Write something before you send."),
    "note_too_long": _l("A note can be at most %(limit)s characters."),
    "title_empty": _l("Give the workshop a title."),
    "title_too_long": _l("The title can be at most %(limit)s characters."),
    "label_too_long": _l("The group label can be at most %(limit)s characters."),
    "question_too_long": _l("A question can be at most %(limit)s characters."),
    "questions_empty": _l("Add at least one question."),
    "questions_too_many": _l("A workshop can have at most %(limit)s questions."),
    "language_unknown": _l("Choose one of the languages offered."),
    "name_too_long": _l("A name can be at most %(limit)s characters."),
    "names_not_allowed": _l("Names are turned off in this workshop."),
    "client_id_invalid": _l("The app sent an invalid request. Reload the page."),
    "payload_invalid": _l("The app sent an invalid request. Reload the page."),
    "settings_invalid": _l("Those settings are not valid."),
    "forbidden": _l("You are not allowed to do that."),
    "workshop_unknown": _l("This workshop no longer exists."),
    "board_unknown": _l("That question no longer exists."),
    "note_unknown": _l("That note no longer exists."),
    "note_not_yours": _l("You can only change your own notes."),
    "join_code_unknown": _l("No workshop has that code. Check the code and try again."),
    "not_admitted": _l("This link or code does not open a workshop. It may have been "
                       "deleted, or the link is incomplete."),
    "phase_unknown": _l("That phase does not exist."),
    "phase_no_posting": _l("New notes are closed for this question right now."),
    "phase_no_grouping": _l("Notes can only be grouped while writing or grouping."),
    "grouping_not_allowed": _l("The facilitator groups the notes on this board."),
    "notes_hidden_grouping": _l("Reveal the notes before you group them."),
    "phase_no_voting": _l("Voting is not open right now."),
    "board_locked": _l("The facilitator has locked this board."),
    "budget_invalid": _l("The number of dots must be between 1 and %(limit)s."),
    "budget_spent": _l("You have used all your %(budget)s dots. Take one back to move it."),
    "already_voted": _l("You already have a dot here. Each item can get one dot from you."),
    "no_dot_here": _l("You have no dot here to take back."),
    "item_unknown": _l("That can no longer be voted on. The board has changed."),
    "group_unknown": _l("That group no longer exists."),
    "group_same": _l("A group cannot be merged with itself."),
    "group_same_note": _l("Drop the note on another note to group them."),
    "group_title_too_long": _l("A group name can be at most %(limit)s characters."),
    "timer_invalid": _l("Choose a time between 1 second and %(limit)s minutes."),
    "timer_not_running": _l("The timer is not running."),
    "timer_not_paused": _l("The timer is not paused."),
    "csrf": _l("The form had expired. Please try again."),
    "internal": _l("Something went wrong on the server. Please try again."),
}


def error_message(code: str, params: dict | None = None) -> str:
    """The translated sentence for an error code, in the current locale."""
    template = ERRORS.get(code, ERRORS["internal"])
    return str(template) % (params or {}) if params else str(template)


def error_payload(error: DomainError) -> dict:
    """The ``error`` object of a refused acknowledgement."""
    return {"code": error.code, "message": error_message(error.code, error.params)}


def browser_strings() -> dict[str, str]:
    """Sentences the JavaScript shows, translated for the current page."""
    return {
        "connected": gettext("Connected"),
        "reconnecting": gettext("Connection lost. Reconnecting…"),
        "offline": gettext("You are offline. What you write is kept and sent later."),
        "send": gettext("Send"),
        "sending": gettext("Sending…"),
        "sent": gettext("Your note was posted."),
        "edit": gettext("Edit"),
        "save": gettext("Save"),
        "cancel": gettext("Cancel"),
        "delete": gettext("Delete"),
        "confirm_delete": gettext("Delete this note?"),
        "deleted": gettext("The note was deleted."),
        "your_notes": gettext("Your notes"),
        "no_notes_yet": gettext("No notes yet."),
        "chars_left": gettext("%(n)s characters left"),
        "too_long": gettext("%(n)s characters too many"),
        "people_one": gettext("1 person connected"),
        "people_many": gettext("%(n)s people connected"),
        "notes_one": gettext("1 note"),
        "notes_many": gettext("%(n)s notes"),
        "question_of": gettext("Question %(n)s of %(total)s"),
        "new_note": gettext("New note: %(text)s"),
        "now_showing": gettext("Now showing: %(question)s"),
        "copied": gettext("Copied"),
        "copy_failed": gettext("Could not copy. Select the link and copy it yourself."),
        "name_saved": gettext("Name saved."),
        "mine": gettext("Yours"),
        "on_screen": gettext("On screen now"),
        "show_on_screen": gettext("Show on screen"),
        "error_internal": error_message("internal"),
    }
