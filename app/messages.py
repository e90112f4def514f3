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
    "access_revoked": _l("This co-facilitator link has been switched off by the facilitator."),
    "rate_limited": _l("That was a lot at once. Wait a moment and try again."),
    "server_restarting": _l("The server is restarting. What you sent is kept and sent again."),
    "workshop_deleted": _l("This workshop has been deleted."),
    "workshop_in_series": _l("That workshop already belongs to a series."),
    "series_empty": _l("Add a workshop to the series first: a new workshop copies its "
                       "questions."),
    "themes_same_group": _l("Choose two different groups to link."),
    "themes_other_question": _l("Only groups that answered the same question can be "
                                "the same theme."),
    "themes_same_workshop": _l("A theme can hold only one group from each workshop."),
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
        # Phases
        "phase_write": gettext("Write"),
        "phase_group": gettext("Group"),
        "phase_vote": gettext("Vote"),
        "phase_results": gettext("Results"),
        "phase_step": gettext("Step %(n)s of %(total)s: %(phase)s"),
        "phase_now": gettext("Now: %(phase)s"),
        "help_write": gettext("Participants write notes on their phones."),
        "help_group": gettext(
            "Sort the notes into themes. The phones and the projector show the groups."),
        "help_vote": gettext("Participants give their dots on their phones."),
        "help_results": gettext("Everyone sees the ranked results."),
        "back": gettext("Back"),
        "next": gettext("Next"),
        # Board settings and timer (facilitator)
        "budget_range": gettext("Choose a number between 1 and %(limit)s."),
        "notes_revealed": gettext("The notes are now shown on every screen."),
        "timer_range": gettext("Write a number of minutes, at most %(limit)s."),
        "timer_started": gettext("The timer has started."),
        "timer_paused_said": gettext("The timer is paused."),
        "timer_resumed": gettext("The timer is running again."),
        "timer_extended": gettext("One more minute was added."),
        "timer_stopped": gettext("The timer is stopped."),
        "pause": gettext("Pause"),
        "resume": gettext("Resume"),
        "time_left": gettext("Time left"),
        "timer_paused": gettext("Paused"),
        "time_up": gettext("Time is up"),
        "time_left_spoken": gettext("%(m)s min %(s)s s left"),
        # Grouping (facilitator)
        "help_grouping": gettext(
            "Drag a note onto another note to make a group, or onto a group to add it. "
            "With the keyboard: press Enter or Space to select notes, then open the ⋯ menu "
            "next to a note. Arrow keys move between notes."),
        "help_grouping_closed": gettext(
            "Grouping is closed in this phase. You can still hide, edit or delete notes."),
        "help_hidden_grouping": gettext("The notes are hidden. Reveal them before you group them."),
        "ungrouped": gettext("Not in a group"),
        "untitled_group": gettext("Untitled group"),
        "drop_here_to_ungroup": gettext("Drop a note here to take it out of its group."),
        "group_name": gettext("Group name"),
        "actions_for_group": gettext("Actions for the group %(group)s"),
        "actions_for_note": gettext("Actions for the note: %(text)s"),
        "drag_group": gettext("Drag onto another group to merge them"),
        "hidden_flag": gettext("Hidden"),
        "selected_one": gettext("1 note selected"),
        "selected_many": gettext("%(n)s notes selected"),
        "note_actions": gettext("Note actions"),
        "group_actions": gettext("Group actions"),
        "move_to_group_one": gettext("Move to group…"),
        "move_to_group_many": gettext("Move %(n)s notes to group…"),
        "new_group_with_one": gettext("New group with this note"),
        "new_group_with_many": gettext("New group with the %(n)s selected notes"),
        "remove_from_group": gettext("Remove from group"),
        "move_selected_here_one": gettext("Move the selected note here"),
        "move_selected_here_many": gettext("Move the %(n)s selected notes here"),
        "hide_note": gettext("Hide from everyone"),
        "show_note": gettext("Show again"),
        "rename": gettext("Rename"),
        "merge_into": gettext("Merge into…"),
        "dissolve": gettext("Dissolve group"),
        "moved_to_group": gettext("Moved to the group %(group)s."),
        "ungrouped_done_one": gettext("The note is no longer in a group."),
        "ungrouped_done_many": gettext("%(n)s notes are no longer in a group."),
        "group_created_one": gettext("New group with 1 note. Give it a name."),
        "group_created_many": gettext("New group with %(n)s notes. Give it a name."),
        "merged_into": gettext("The groups were merged into %(group)s."),
        "renamed": gettext("The group is now called %(group)s."),
        "dissolved": gettext("The group was dissolved. Its notes are no longer in a group."),
        "note_hidden": gettext("The note is hidden from the projector and the phones."),
        "note_shown": gettext("The note is shown again."),
        "note_saved": gettext("The note was saved."),
        # Voting and results (every screen)
        "voting": gettext("Voting"),
        "results": gettext("Results"),
        "no_results": gettext("No results yet."),
        "tied": gettext("tie"),
        "votes_one": gettext("1 vote"),
        "votes_many": gettext("%(n)s votes"),
        "voters_one": gettext("1 person"),
        "voters_many": gettext("%(n)s people"),
        "vote_progress": gettext("%(dots)s dots placed by %(voters)s"),
        "items_one": gettext("1 item to vote on"),
        "items_many": gettext("%(n)s items to vote on"),
        "budget_per_person": gettext("%(n)s dots per person"),
        # Projector
        "notes_written_one": gettext("1 note written"),
        "notes_written_many": gettext("%(n)s notes written"),
        "vote_instruction": gettext("Give your %(n)s dots on your phone."),
        "live_paused": gettext("Live updates are paused."),
        "live_resumed": gettext("Live updates are on again."),
        # Phone
        "board_locked_hint": gettext("The facilitator has locked the board for now."),
        "posting_closed": gettext("New notes are closed for this question."),
        "posting_closed_group": gettext("New notes are closed. The notes are being grouped now."),
        "phone_group_hint": gettext(
            "You can move notes to another group with the choice under each note."),
        "phone_group_watch": gettext(
            "The facilitator groups the notes. Follow along here or on the big screen."),
        "note_moved": gettext("The note was moved."),
        "no_group": gettext("No group"),
        "new_group": gettext("New group"),
        "move_to": gettext("Move to"),
        "all_grouped": gettext("Every note is in a group."),
        "give_dot": gettext("Give dot"),
        "take_dot_back": gettext("Take dot back"),
        "give_dot_to": gettext("Give a dot to: %(item)s"),
        "take_dot_back_from": gettext("Take a dot back from: %(item)s"),
        "dots_one": gettext("1 dot"),
        "dots_many": gettext("%(n)s dots"),
        "dots_left": gettext("%(left)s of %(budget)s dots left"),
        "vote_hint": gettext("Give a dot to what matters most to you. "
                             "You have %(n)s dots, at most one per item."),
        "vote_hint_multi": gettext("Give dots to what matters most to you. "
                                   "You have %(n)s dots and may put several on one item."),
        "nothing_to_vote_on": gettext("There is nothing to vote on yet."),
    }
