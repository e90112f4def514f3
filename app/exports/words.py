"""Translated words for reports and exports, and times shown in Norwegian time.

Everything a file says in words comes from here, through the translation
catalogue, in the language of the request (the workshop's language unless
the person chose another).
"""
from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import NamedTuple

from flask_babel import format_date, format_percent, format_time, gettext, to_user_timezone


def labels() -> dict[str, str]:
    """Every word the exports use, translated for the current request."""
    return {
        "report": gettext("Report"),
        "synthesis": gettext("Synthesis"),
        "made": gettext("Made %(when)s, Norwegian time"),
        "stakeholder": gettext("Stakeholder group"),
        "participants": gettext("Participants"),
        "created_on": gettext("Workshop created"),
        "question_n": gettext("Question %(n)s"),
        "question": gettext("Question"),
        "question_no": gettext("Question no."),
        "phase": gettext("Phase"),
        "dots": gettext("Dots"),
        "voters": gettext("Voters"),
        "rank": gettext("Rank"),
        "item": gettext("Theme or note"),
        "theme": gettext("Theme"),
        "votes": gettext("Dots"),
        "share": gettext("Share of dots"),
        "notes": gettext("Notes"),
        "note": gettext("Note"),
        "group": gettext("Group (theme)"),
        "name": gettext("Name"),
        "created": gettext("Written"),
        "exported": gettext("Exported"),
        "all_notes": gettext("All notes"),
        "untitled": gettext("Group without a name"),
        "tied": gettext("%(rank)s (shared)"),
        "no_notes": gettext("No notes yet."),
        "no_dots": gettext("No dots have been placed yet."),
        "ungrouped_notes": gettext("Ungrouped notes"),
        "shared_themes": gettext("Themes several groups named"),
        "only_one": gettext("Raised by one group only"),
        "taken_part": gettext("Who took part"),
        "workshop": gettext("Workshop"),
        "named_by": gettext("Named by (groups)"),
        "write": gettext("Writing"),
        "group_phase": gettext("Grouping"),
        "vote": gettext("Voting"),
        "results": gettext("Results"),
    }


PHASE_KEYS = {"write": "write", "group": "group_phase", "vote": "vote", "results": "results"}


def phase(words: dict[str, str], value: str) -> str:
    """The translated name of a board phase."""
    return words[PHASE_KEYS.get(value, "write")]


def day(moment: datetime) -> str:
    """A date for people, in Europe/Oslo: "26. november 2026"."""
    return format_date(moment, "long")


def when(moment: datetime) -> str:
    """A date and time for people, in Europe/Oslo: "26. november 2026 19:54"."""
    return f"{format_date(moment, 'long')} {format_time(moment, 'HH:mm')}"


def local(moment: datetime) -> datetime:
    """The same moment in Europe/Oslo without tzinfo (spreadsheets want naive times)."""
    return to_user_timezone(moment).replace(tzinfo=None)


def stamp(moment: datetime) -> str:
    """A sortable local timestamp for CSV: "2026-11-26 19:54:03"."""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


def percent(value: float) -> str:
    """A share as people read it: "37,5 %" in Norwegian."""
    return format_percent(value, "#,##0.0 %")


class Rank(NamedTuple):
    """A rank for a spreadsheet: the number, and whether it is shared."""

    value: int | None
    tied: bool


def rank(words: dict[str, str], value: int | None, tied: bool) -> str:
    """A rank, marked when it is shared: "2 (delt)"; "–" before anyone voted."""
    if value is None:
        return "–"
    return words["tied"] % {"rank": value} if tied else str(value)


def item_title(words: dict[str, str], item) -> str:
    """A ranked item's title; a group nobody named gets a placeholder."""
    return item.title or (words["untitled"] if item.kind == "group" else "")


def ranked_title(words: dict[str, str], item) -> str:
    """A heading for an item: "1 (delt). Tillit", or just the title before anyone voted."""
    title = item_title(words, item)
    return f"{rank(words, item.rank, item.tied)}. {title}" if item.rank is not None else title


_NOT_IN_FILE_NAME = set('/\\:*?"<>|')


def filename(title: str, moment: datetime, extension: str) -> str:
    """A file name that keeps the title as written: "<title>-<YYYY-MM-DD-HHMM>.<ext>".

    Only what file systems refuse (/ \\ : * ? " < > | and control characters) becomes
    "_"; "–", "æøå" stay (the web layer adds an ASCII fallback, ``ascii_filename``).
    """
    safe = "".join("_" if c in _NOT_IN_FILE_NAME or not c.isprintable() else c
                   for c in title).strip(" .") or "verksted"
    return f"{safe[:60]}-{local(moment).strftime('%Y-%m-%d-%H%M')}.{extension}"


_ASCII = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
                        "–": "-", "—": "-", "«": '', "»": '', "’": "'"})


def ascii_filename(name: str) -> str:
    """The same name in plain ASCII for old clients: "Tjenester – Ås" -> "Tjenester - As"."""
    plain = unicodedata.normalize("NFKD", name.translate(_ASCII))
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else
                   "" if unicodedata.combining(c) else "_" for c in plain)


def chart_rows(words: dict[str, str], items) -> list[dict]:
    """Bars for the items that got dots: "1 (delt). Tillit" with "3 (37,5 %)"."""
    return [{"label": ranked_title(words, i),
             "value": i.votes, "shown": f"{i.votes} ({percent(i.share)})"}
            for i in items if i.votes]
