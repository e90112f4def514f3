"""Series of workshops: start one from a facilitator page, manage it, and its synthesis.

Everything under ``/serie/<secret>`` is opened by the series link alone; a
form that changes something answers with a redirect back to its page, with
``?error=<code>`` when it was refused.
"""
from __future__ import annotations

from flask import (Blueprint, current_app, redirect, render_template, request, session,
                   url_for)

from ..domain.errors import DomainError
from ..domain.workshops import STAKEHOLDER_SUGGESTIONS
from ..exports import words
from ..messages import ERRORS, error_message
from ..services import series as service
from ..services import synthesis, workshops
from .access import series_or_404, workshop_or_404
from .links import external, join_url
from .reports import download, exporter

bp = Blueprint("series", __name__)
CREATED = "series_created_workshop"  # session key: the new workshop's links, shown once


@bp.app_template_global()
def series_of(workshop_id: int):
    """The series a workshop is in (for the facilitator page's exports panel)."""
    return service.of_workshop(workshop_id)


@bp.app_template_global()
def refusal(code: str | None) -> str | None:
    """The translated sentence for a refused form's ``?error=`` code, if it is one of ours."""
    return error_message(code) if code in ERRORS else None


def _back(endpoint: str, secret: str, error: DomainError | None = None, anchor: str = ""):
    query = {"error": error.code} if error else {}
    return redirect(url_for(endpoint, secret=secret, **query) + anchor)


def _form_int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def _question_anchor() -> str:
    position = _form_int("position")
    return f"#q{position + 1}" if position is not None else ""


@bp.post("/f/<secret>/series")
def start(secret: str):
    """The facilitator starts a series with this workshop; the series link is shown once."""
    workshop = workshop_or_404("series.start", secret)
    try:
        created = service.start(workshop.id, request.form.get("title") or workshop.title)
    except DomainError as error:
        return redirect(url_for("facilitate.console", secret=secret,
                                series_error=error.code) + "#exports")
    return redirect(url_for("series.overview", secret=created.secret, new=1))


def _overview(found, secret: str, created=None, status: int = 200):
    made = synthesis.build(found)
    return render_template(
        "series.html", series=found, secret=secret, synthesis=made,
        series_url=external("series.overview", secret=secret),
        is_new=request.args.get("new") == "1", created=created,
        stakeholders=STAKEHOLDER_SUGGESTIONS,
        error=refusal(request.args.get("error"))), status


@bp.get("/serie/<secret>")
def overview(secret: str):
    """The series: its workshops, who took part, and forms to add or create workshops.

    Right after "create a new workshop", this once shows the new workshop's link.
    """
    found = series_or_404("series.overview", secret)
    created = session.get(CREATED)
    if created and created.get("series") == found.id:
        session.pop(CREATED)
    else:
        created = None
    return _overview(found, secret, created=created)


@bp.post("/serie/<secret>/workshops")
def add_workshop(secret: str):
    """Add an existing workshop: needs its facilitator link, pasted into the form."""
    found = series_or_404("series.add_workshop", secret)
    try:
        service.add_workshop(found.id, request.form.get("facilitator_link", ""))
    except DomainError as error:
        return _back("series.overview", secret, error, "#add-workshop")
    return _back("series.overview", secret, anchor="#workshops")


@bp.post("/serie/<secret>/new")
def new_workshop(secret: str):
    """Create a workshop in the series with the same questions; its link is shown once."""
    found = series_or_404("series.new_workshop", secret)
    try:
        created = service.new_workshop(found, request.form.get("stakeholder", ""))
    except DomainError as error:
        return _back("series.overview", secret, error, "#new-workshop")
    facilitator_url = external("facilitate.console", secret=created.facilitator_secret)
    announce = current_app.config.get("ON_WORKSHOP_CREATED")
    if announce:
        announce(workshops.get(created.id).title, facilitator_url, join_url(created.join_code))
    # POST/redirect/GET: a reload of the page shows the link (once), never makes a second
    # workshop. The link rides in the signed session until that one GET takes it out.
    session[CREATED] = {"series": found.id, "url": facilitator_url,
                        "join_url": join_url(created.join_code)}
    return redirect(url_for("series.overview", secret=secret) + "#new-workshop-link")


@bp.post("/serie/<secret>/remove")
def remove_workshop(secret: str):
    """Take a workshop out of the series (the workshop is kept)."""
    found = series_or_404("series.remove_workshop", secret)
    try:
        service.remove_workshop(found.id, _form_int("workshop_id"))
    except DomainError as error:
        return _back("series.overview", secret, error, "#workshops")
    return _back("series.overview", secret, anchor="#workshops")


@bp.get("/serie/<secret>/synthese", endpoint="synthesis")
def synthesis_page(secret: str):
    """The synthesis: each question across the stakeholder groups, with theme linking."""
    found = series_or_404("series.synthesis", secret)
    return render_template("series_synthesis.html", series=found, secret=secret,
                           synthesis=synthesis.build(found), words=words, L=words.labels(),
                           error=refusal(request.args.get("error")))


@bp.post("/serie/<secret>/themes/link")
def link_themes(secret: str):
    """Link two groups from different workshops as the same theme."""
    found = series_or_404("series.link_themes", secret)
    try:
        service.link(found.id, _form_int("group_a"), _form_int("group_b"))
    except DomainError as error:
        return _back("series.synthesis", secret, error)
    return _back("series.synthesis", secret, anchor=_question_anchor())


@bp.post("/serie/<secret>/themes/unlink")
def unlink_theme(secret: str):
    """Take a group out of the theme it was linked into."""
    found = series_or_404("series.unlink_theme", secret)
    try:
        service.unlink(found.id, _form_int("group_id"))
    except DomainError as error:
        return _back("series.synthesis", secret, error)
    return _back("series.synthesis", secret, anchor=_question_anchor())


@bp.post("/serie/<secret>/themes/rename")
def rename_theme(secret: str):
    """Give a linked theme its own name (empty: named after its most-voted group again)."""
    found = series_or_404("series.rename_theme", secret)
    try:
        service.rename_theme(found.id, _form_int("theme_id"), request.form.get("title", ""))
    except DomainError as error:
        return _back("series.synthesis", secret, error)
    return _back("series.synthesis", secret, anchor=_question_anchor())


@bp.get("/serie/<secret>/synthese.<any(docx, xlsx):fmt>")
def export(secret: str, fmt: str):
    """Download the synthesis as DOCX or XLSX."""
    found = series_or_404("series.export", secret)
    made = synthesis.build(found)
    L = words.labels()
    synthesis_files = exporter("synthesis_files")
    if fmt == "docx":
        data = synthesis_files.docx(made, L)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = synthesis_files.xlsx(made, L)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return download(data, mimetype, words.filename(made.title, made.generated_at, fmt))
