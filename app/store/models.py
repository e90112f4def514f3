"""SQLAlchemy 2 table definitions. Schema changes go through migrations/."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC, shown in Europe/Oslo."""
    return datetime.now(timezone.utc)


def new_nonce() -> str:
    """A workshop's access nonce: 128 random bits, bound into every principal."""
    return secrets.token_hex(16)


# SQLite reuses the highest rowid of a deleted row unless a table says AUTOINCREMENT;
# a reused workshop or participant id would hand old sockets and links a new owner's
# data, so every table asks for ids that never come back (PostgreSQL sequences never
# go back anyway).
NEVER_REUSE = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Declarative base shared by every table."""


class Workshop(Base):
    """One workshop: a title, a stakeholder group and one board per question."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    stakeholder: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(8), default="nb")
    allow_names: Mapped[bool] = mapped_column(Boolean, default=False)
    facilitator_digest: Mapped[str] = mapped_column(String(64), unique=True)
    projector_digest: Mapped[str] = mapped_column(String(64), unique=True)
    cofacilitator_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    cofacilitator_generation: Mapped[int] = mapped_column(Integer, default=0)
    # How many times the projector link was replaced (0: the link made at creation).
    projector_generation: Mapped[int] = mapped_column(Integer, default=0)
    current_board_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Bound into every connection's principal and checked on each request: a socket
    # or link of a deleted workshop never matches a workshop created later.
    access_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)

    __table_args__ = NEVER_REUSE

    # The column holding the digest of the secret link that opens each role.
    LINK_COLUMNS = {"facilitator": "facilitator_digest", "cofacilitator": "cofacilitator_digest",
                    "projector": "projector_digest"}

    def link_digests(self) -> dict[str, str | None]:
        """The digest of the current link of each role (None: no such link now)."""
        return {role: getattr(self, column) for role, column in self.LINK_COLUMNS.items()}


class RetiredLink(Base):
    """A secret link that was replaced or switched off: only its digest, so that its
    holder is told what happened (not "no such page"); deleted with the workshop."""

    __tablename__ = "retired_links"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    retired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Board(Base):
    """One question of a workshop and the notes posted to it."""

    __tablename__ = "boards"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(400))
    version: Mapped[int] = mapped_column(Integer, default=0)
    phase: Mapped[str] = mapped_column(String(16), default="write")
    notes_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    late_notes: Mapped[bool] = mapped_column(Boolean, default=False)
    participants_group: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    vote_budget: Mapped[int] = mapped_column(Integer, default=5)
    multi_dots: Mapped[bool] = mapped_column(Boolean, default=False)
    live_counts: Mapped[bool] = mapped_column(Boolean, default=False)
    timer_state: Mapped[str] = mapped_column(String(16), default="stopped")
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    timer_remaining: Mapped[float | None] = mapped_column(Float, nullable=True)
    timer_duration: Mapped[float | None] = mapped_column(Float, nullable=True)


class Participant(Base):
    """An anonymous person on a phone, known by a cookie token's digest."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("workshop_id", "token_digest"), NEVER_REUSE)


class Note(Base):
    """A sticky note. ``client_id`` makes a re-sent create idempotent.

    ``author_name`` is the first name the participant had given when posting
    (empty when anonymous); it is shown only while the workshop allows names.
    """

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True)
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), nullable=True, index=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    author_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("board_id", "client_id"), NEVER_REUSE)


class Group(Base):
    """A theme: notes grouped together on one board."""

    __tablename__ = "groups"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Vote(Base):
    """One dot a participant placed on an item (a group or an ungrouped note)."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    item_kind: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("board_id", "client_id"), NEVER_REUSE)


class Series(Base):
    """Workshops run with different stakeholder groups, compared in one synthesis.

    Opened by its own secret link; only the link's SHA-256 digest is stored.
    """

    __tablename__ = "series"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    secret_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SeriesWorkshop(Base):
    """A workshop in a series (a workshop belongs to at most one series)."""

    __tablename__ = "series_workshops"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("series.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SeriesTheme(Base):
    """Groups from different workshops of a series that the facilitator called one theme.

    ``position`` is the question (board position) the groups answered.
    """

    __tablename__ = "series_themes"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("series.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The name the series owner gave the theme; None: named after its most-voted group.
    title: Mapped[str | None] = mapped_column(String(80), nullable=True)


class SeriesThemeGroup(Base):
    """One group's membership of a series theme; deleting the group removes it."""

    __tablename__ = "series_theme_groups"

    theme_id: Mapped[int] = mapped_column(
        ForeignKey("series_themes.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, unique=True)


class SuggestionDismissal(Base):
    """A facilitator's "not this group" for one note (``suggest:dismiss``).

    Kept in the database so that it holds across restarts and across workers;
    it goes with its note, its group and its board (and so with the workshop).
    """

    __tablename__ = "suggestion_dismissals"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), index=True)
