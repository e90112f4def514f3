"""Series of workshops: create one, add workshops, make a new one from the same questions,
and link themes across them.

A series has its own secret link (160 bits, only the digest stored). Bringing
an existing workshop into a series takes that workshop's facilitator link as
well, so holding a series link never gives access to someone else's workshop.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import secrets
from ..domain import series as rules
from ..domain import themes
from ..domain import grouping as grouping_rules
from ..domain import workshops as workshop_rules
from ..domain.errors import DomainError
from ..domain.roles import Role
from ..store import db, queries
from ..store import series as store
from ..store.models import Series, Workshop
from . import workshops


@dataclass(frozen=True)
class CreatedSeries:
    """What the facilitator is handed once: the series link's secret is not stored."""

    id: int
    secret: str


def by_secret(secret: object) -> Series | None:
    """The series a link's secret opens, or ``None`` (compared in constant time)."""
    if not isinstance(secret, str) or not 10 < len(secret) < 100:
        return None
    with db.session() as session:
        found = store.series_by_digest(session, secrets.digest(secret))
    if found is None or not secrets.matches(secret, found.secret_digest):
        return None
    return found


def of_workshop(workshop_id: int) -> Series | None:
    """The series a workshop is in, if any."""
    with db.session() as session:
        return store.series_of_workshop(session, workshop_id)


def start(workshop_id: int, raw_title: object) -> CreatedSeries:
    """Create a series holding one workshop (whose facilitator asked for it)."""
    title = rules.title(raw_title)
    secret = secrets.new_secret()
    with db.session() as session:
        if store.series_of_workshop(session, workshop_id) is not None:
            raise DomainError("workshop_in_series")
        created = store.add_series(session, title=title, secret_digest=secrets.digest(secret))
        store.add_member(session, created.id, workshop_id)
        return CreatedSeries(created.id, secret)


def members(series_id: int) -> list[Workshop]:
    """The workshops of a series, in the order they were added."""
    with db.session() as session:
        return store.workshops_of(session, series_id)


def add_workshop(series_id: int, raw_link: object) -> Workshop:
    """Bring an existing workshop into the series; needs its facilitator link.

    Adding a workshop that is already in this series changes nothing.
    """
    workshop = workshops.by_secret(Role.FACILITATOR, rules.facilitator_secret(raw_link))
    if workshop is None:
        raise DomainError("not_admitted")
    with db.session() as session:
        store.lock_series(session, series_id)
        current = store.series_of_workshop(session, workshop.id)
        if current is not None and current.id != series_id:
            raise DomainError("workshop_in_series")
        if current is None:
            store.add_member(session, series_id, workshop.id)
    return workshop


def new_workshop(series: Series, raw_stakeholder: object) -> workshops.CreatedWorkshop:
    """Create a workshop in the series with the questions of its first workshop."""
    with db.session() as session:
        existing = store.workshops_of(session, series.id)
        if not existing:
            raise DomainError("series_empty")
        model = existing[0]
        questions = [b.question for b in queries.boards(session, model.id)]
    stakeholder = rules.stakeholder(raw_stakeholder)
    draft = workshop_rules.draft(
        title=rules.workshop_title(series.title, stakeholder), stakeholder=stakeholder,
        questions=questions, allow_names=model.allow_names, language=model.language)
    created = workshops.create(draft)
    with db.session() as session:
        store.lock_series(session, series.id)
        store.add_member(session, series.id, created.id)
    return created


def remove_workshop(series_id: int, workshop_id: object) -> None:
    """Take a workshop out of the series (the workshop itself is kept)."""
    if not isinstance(workshop_id, int):
        raise DomainError("workshop_unknown")
    with db.session() as session:
        store.lock_series(session, series_id)
        store.remove_member(session, series_id, workshop_id)
        _drop_lonely_themes(session, series_id)


def _refs(session, series_id: int):
    rows = store.theme_members(session, series_id)
    theme_of = {group: theme for theme, group, _w, _p in rows}
    by_theme: dict[int, list[themes.GroupRef]] = {}
    for theme, group, workshop, position in rows:
        by_theme.setdefault(theme, []).append(themes.GroupRef(group, workshop, position))
    return theme_of, by_theme


def _ref(session, series_id: int, group_id: object) -> themes.GroupRef:
    found = store.group_in_series(session, series_id, group_id)
    if found is None:
        raise DomainError("group_unknown")
    return themes.GroupRef(*found)


def link(series_id: int, group_a: object, group_b: object) -> int:
    """Link two groups from different workshops as one theme; returns the theme id."""
    with db.session() as session:
        store.lock_series(session, series_id)
        a, b = _ref(session, series_id, group_a), _ref(session, series_id, group_b)
        theme_of, by_theme = _refs(session, series_id)
        plan = themes.plan_link(a, b, theme_of, by_theme)
        if plan.changes_nothing:
            return plan.theme
        theme_id = plan.theme if plan.theme is not None else \
            store.add_theme(session, series_id, a.position).id
        store.put_in_theme(session, theme_id, set(plan.add))
        store.delete_themes(session, set(plan.absorb))
        return theme_id


def rename_theme(series_id: int, theme_id: object, raw_title: object) -> None:
    """Give a linked theme its own name; an empty name goes back to the default
    (the name of the group that got the most dots)."""
    title = grouping_rules.title(raw_title) or None
    with db.session() as session:
        store.lock_series(session, series_id)
        if not store.set_theme_title(session, series_id, theme_id, title):
            raise DomainError("theme_unknown")


def unlink(series_id: int, group_id: object) -> None:
    """Take a group out of its theme; a theme left with one group is removed."""
    with db.session() as session:
        store.lock_series(session, series_id)
        ref = _ref(session, series_id, group_id)
        theme_id = store.take_out_of_theme(session, ref.id)
        if theme_id is not None and themes.left_alone(store.member_count(session, theme_id)):
            store.delete_themes(session, {theme_id})


def _drop_lonely_themes(session, series_id: int) -> None:
    _theme_of, by_theme = _refs(session, series_id)
    store.delete_themes(session, {theme for theme, groups in by_theme.items()
                                  if themes.left_alone(len(groups))})
