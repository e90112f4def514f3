"""Queries and writes for series of workshops and the themes linked across them."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import (Board, Group, Series, SeriesTheme, SeriesThemeGroup,
                     SeriesWorkshop, Workshop, utcnow)


def add_series(session: Session, *, title: str, secret_digest: str) -> Series:
    """Insert a series."""
    series = Series(title=title, secret_digest=secret_digest, created_at=utcnow())
    session.add(series)
    session.flush()
    return series


def series_by_digest(session: Session, digest: str) -> Series | None:
    """The series whose link has this digest."""
    return session.scalar(select(Series).where(Series.secret_digest == digest))


def lock_series(session: Session, series_id: int) -> Series:
    """Load a series for writing, locking its row (theme edits are serialised)."""
    return session.scalars(select(Series).where(Series.id == series_id).with_for_update()).one()


def series_of_workshop(session: Session, workshop_id: int) -> Series | None:
    """The series a workshop belongs to, if any."""
    return session.scalar(select(Series).join(
        SeriesWorkshop, SeriesWorkshop.series_id == Series.id).where(
        SeriesWorkshop.workshop_id == workshop_id))


def workshops_of(session: Session, series_id: int) -> list[Workshop]:
    """The workshops of a series in the order they were added."""
    return list(session.scalars(
        select(Workshop).join(SeriesWorkshop, SeriesWorkshop.workshop_id == Workshop.id)
        .where(SeriesWorkshop.series_id == series_id)
        .order_by(SeriesWorkshop.position, SeriesWorkshop.id)))


def add_member(session: Session, series_id: int, workshop_id: int) -> None:
    """Put a workshop at the end of a series."""
    last = session.scalar(select(func.max(SeriesWorkshop.position)).where(
        SeriesWorkshop.series_id == series_id))
    session.add(SeriesWorkshop(series_id=series_id, workshop_id=workshop_id,
                               position=(last or 0) + 1, added_at=utcnow()))
    session.flush()


def remove_member(session: Session, series_id: int, workshop_id: int) -> None:
    """Take a workshop out of a series, and its groups out of the series' themes."""
    groups = (select(Group.id).join(Board, Group.board_id == Board.id)
              .where(Board.workshop_id == workshop_id))
    themes = select(SeriesTheme.id).where(SeriesTheme.series_id == series_id)
    session.execute(delete(SeriesThemeGroup).where(
        SeriesThemeGroup.group_id.in_(groups), SeriesThemeGroup.theme_id.in_(themes)))
    session.execute(delete(SeriesWorkshop).where(
        SeriesWorkshop.series_id == series_id, SeriesWorkshop.workshop_id == workshop_id))


def theme_members(session: Session, series_id: int) -> list[tuple[int, int, int, int]]:
    """Every linked group of a series: ``(theme id, group id, workshop id, position)``."""
    rows = session.execute(
        select(SeriesThemeGroup.theme_id, Group.id, Board.workshop_id, Board.position)
        .join(SeriesTheme, SeriesTheme.id == SeriesThemeGroup.theme_id)
        .join(Group, Group.id == SeriesThemeGroup.group_id)
        .join(Board, Board.id == Group.board_id)
        .where(SeriesTheme.series_id == series_id)
        .order_by(SeriesThemeGroup.theme_id, Group.id))
    return [tuple(row) for row in rows]


def theme_titles(session: Session, series_id: int) -> dict[int, str]:
    """The names the series owner gave its themes: ``{theme id: title}``."""
    rows = session.execute(select(SeriesTheme.id, SeriesTheme.title).where(
        SeriesTheme.series_id == series_id, SeriesTheme.title.is_not(None)))
    return {theme: title for theme, title in rows}


def set_theme_title(session: Session, series_id: int, theme_id: object,
                    title: str | None) -> bool:
    """Name a theme of the series (None: back to its groups' name); False if not ours."""
    theme = session.get(SeriesTheme, theme_id) if isinstance(theme_id, int) else None
    if theme is None or theme.series_id != series_id:
        return False
    theme.title = title
    return True


def group_in_series(session: Session, series_id: int,
                    group_id: object) -> tuple[int, int, int] | None:
    """``(group id, workshop id, position)`` of a group on a workshop of the series."""
    if not isinstance(group_id, int) or isinstance(group_id, bool):
        return None
    row = session.execute(
        select(Group.id, Board.workshop_id, Board.position)
        .join(Board, Board.id == Group.board_id)
        .join(SeriesWorkshop, SeriesWorkshop.workshop_id == Board.workshop_id)
        .where(Group.id == group_id, SeriesWorkshop.series_id == series_id)).first()
    return tuple(row) if row else None


def add_theme(session: Session, series_id: int, position: int) -> SeriesTheme:
    """Insert an empty theme for one question."""
    theme = SeriesTheme(series_id=series_id, position=position, created_at=utcnow())
    session.add(theme)
    session.flush()
    return theme


def put_in_theme(session: Session, theme_id: int, group_ids: set[int]) -> None:
    """Make groups members of a theme (leaving any theme they were in)."""
    if not group_ids:
        return
    session.execute(delete(SeriesThemeGroup).where(SeriesThemeGroup.group_id.in_(group_ids)))
    session.add_all(SeriesThemeGroup(theme_id=theme_id, group_id=g) for g in sorted(group_ids))
    session.flush()


def take_out_of_theme(session: Session, group_id: int) -> int | None:
    """Remove a group from its theme; returns the theme it was in."""
    theme_id = session.scalar(select(SeriesThemeGroup.theme_id).where(
        SeriesThemeGroup.group_id == group_id))
    session.execute(delete(SeriesThemeGroup).where(SeriesThemeGroup.group_id == group_id))
    return theme_id


def member_count(session: Session, theme_id: int) -> int:
    """How many groups a theme holds."""
    return session.scalar(select(func.count()).select_from(SeriesThemeGroup).where(
        SeriesThemeGroup.theme_id == theme_id)) or 0


def delete_themes(session: Session, theme_ids: set[int]) -> None:
    """Remove themes (their memberships go with them)."""
    if theme_ids:
        session.execute(delete(SeriesThemeGroup).where(
            SeriesThemeGroup.theme_id.in_(theme_ids)))
        session.execute(delete(SeriesTheme).where(SeriesTheme.id.in_(theme_ids)))



def forget_workshop(session: Session, workshop_id: int) -> None:
    """A workshop is being deleted: its groups leave their themes, and if it was the last
    workshop of its series, the series' title and themes are deleted with it (nothing of
    a deleted workshop's content outlives it). Taking a workshop out keeps the series."""
    series = series_of_workshop(session, workshop_id)
    if series is None:
        return
    remove_member(session, series.id, workshop_id)
    if session.scalar(select(func.count()).select_from(SeriesWorkshop).where(
            SeriesWorkshop.series_id == series.id)):
        return
    delete_themes(session, set(session.scalars(
        select(SeriesTheme.id).where(SeriesTheme.series_id == series.id))))
    session.execute(delete(Series).where(Series.id == series.id))
