"""Start page (create or join a workshop), the phone page and the join QR code."""
from __future__ import annotations

import os
from datetime import date

from flask_babel import format_date, get_locale
from flask import (Blueprint, Response, abort, current_app, g, make_response, redirect,
                   render_template, request, session, url_for)

from .. import qr
from ..domain import secrets
from ..domain import workshops as rules
from ..domain.errors import DomainError
from ..messages import error_message
from ..realtime.connections import participant_cookie
from ..services import participants, workshops
from .csrf import FIELD as CSRF_FIELD
from .links import external, join_url

bp = Blueprint("main", __name__)

COOKIE_MAX_AGE = 30 * 24 * 3600


def _start_page(*, form: dict | None = None, error: str | None = None,
                join_error: str | None = None, code: str = "", status: int = 200):
    if form is None:
        template = request.args.get("template") == "samhandling"
        form = {"title": "", "stakeholder": "", "allow_names": False,
                "language": str(get_locale() or "nb"),
                "questions": list(rules.SAMHANDLING_TEMPLATE) if template else ["", ""]}
    return render_template(
        "start.html", form=form, error=error, join_error=join_error, code=code,
        stakeholders=rules.STAKEHOLDER_SUGGESTIONS, languages=rules.LANGUAGES,
        max_questions=rules.MAX_QUESTIONS,
        template_questions=list(rules.SAMHANDLING_TEMPLATE)), status


def _typed_form() -> dict:
    """What the start page's create form holds, as typed."""
    questions = request.form.getlist("question")
    return {"title": request.form.get("title", ""),
            "stakeholder": request.form.get("stakeholder", ""),
            "allow_names": request.form.get("allow_names") == "on",
            "language": request.form.get("language", "nb"),
            "questions": questions or [""]}


@bp.get("/")
def start():
    """The start page: join with a code, or create a workshop."""
    return _start_page()


@bp.post("/workshops")
def create():
    """Create a workshop from the start page's form, then open its facilitator page."""
    form = _typed_form()
    questions = request.form.getlist("question")
    try:
        draft = rules.draft(title=form["title"], stakeholder=form["stakeholder"],
                            questions=questions, allow_names=form["allow_names"],
                            language=form["language"])
    except DomainError as error:
        return _start_page(form=form, error=error_message(error.code, error.params),
                           status=400)
    created = workshops.create(draft)
    announce = current_app.config.get("ON_WORKSHOP_CREATED")
    if announce:
        announce(draft.title, external("facilitate.console", secret=created.facilitator_secret),
                 join_url(created.join_code))
    return redirect(url_for("facilitate.console", secret=created.facilitator_secret, new=1))


@bp.post("/workshops/template")
def use_template():
    """The template button without JavaScript: the start page again, with the
    "samhandlingskommune" questions filled in and everything else kept as typed."""
    return _start_page(form={**_typed_form(), "questions": list(rules.SAMHANDLING_TEMPLATE)})


def _too_many_attempts() -> bool:
    limiter = current_app.extensions["verksted_limiter"]
    return limiter.guessing_blocked(request.remote_addr, session.get(CSRF_FIELD))


def _failed_attempt() -> None:
    limiter = current_app.extensions["verksted_limiter"]
    limiter.failed_guess(request.remote_addr, session.get(CSRF_FIELD))


@bp.post("/join")
def join_by_code():
    """The start page's join form: go to the workshop a typed code opens.

    Wrong codes count against the visitor's address (hashed, for a minute),
    so join codes cannot be found by trying many.
    """
    raw = request.form.get("code", "")
    if _too_many_attempts():
        return _start_page(join_error=error_message("rate_limited"), code=raw[:20], status=429)
    workshop = workshops.by_join_code(raw)
    if workshop is None:
        _failed_attempt()
        return _start_page(join_error=error_message("join_code_unknown"), code=raw[:20],
                           status=404)
    return redirect(url_for("main.join", code=workshop.join_code))


@bp.get("/j/<code>")
def join(code: str):
    """The phone page (what the QR code opens). Gives the phone its anonymous identity.

    A phone that already joined (its cookie is valid) is never refused because
    others behind the same address typed wrong codes.
    """
    workshop = workshops.by_join_code(code)
    cookie = participant_cookie(workshop.id) if workshop else None
    joined = workshop is not None and participants.known(
        workshop.id, request.cookies.get(cookie)) is not None
    if not joined and _too_many_attempts():
        return _start_page(join_error=error_message("rate_limited"), code=code[:20], status=429)
    if workshop is None:
        _failed_attempt()
        return _start_page(join_error=error_message("join_code_unknown"), code=code[:20],
                           status=404)
    if code != workshop.join_code:
        return redirect(url_for("main.join", code=workshop.join_code))
    g.workshop_language = workshop.language
    limiter = current_app.extensions["verksted_limiter"]
    if not joined and not limiter.new_participant(request.remote_addr, workshop.id):
        return _start_page(join_error=error_message("rate_limited"), code=code[:20], status=429)
    _participant_id, token = participants.identify(workshop.id, request.cookies.get(cookie))
    response = make_response(_phone_page(workshop))
    if token != request.cookies.get(cookie):
        response.set_cookie(cookie, token, max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=request.is_secure)
    return response


MAX_PHONE_PAGES = 1_000


def _phone_page(workshop) -> str:
    """The phone page, rendered once per workshop and language.

    It holds nothing personal (no CSRF token, no participant: the socket brings
    those), and a join storm asks for it a thousand times within seconds;
    rendering it took ~10 ms of the event loop each time. The key holds every
    workshop field the page shows, so a changed title renders anew.
    """
    pages = current_app.extensions.setdefault("verksted_phone_pages", {})
    key = (workshop.id, workshop.title, workshop.stakeholder, workshop.join_code,
           str(get_locale()))
    page = pages.get(key)
    if page is None:
        if len(pages) >= MAX_PHONE_PAGES:
            pages.clear()
        page = pages[key] = render_template(
            "phone.html", workshop=workshop, join_code=secrets.format_join_code(workshop.join_code))
    return page


@bp.get("/qr/<code>.svg")
def join_qr(code: str):
    """The join link as an SVG QR code.

    Drawn for any well-formed code without looking it up, so the endpoint
    tells nobody which codes exist.
    """
    canonical = secrets.parse_join_code(code)
    if canonical is None:
        abort(404)
    response = Response(qr.svg(join_url(canonical)), mimetype="image/svg+xml")
    response.cache_control.max_age = 3600
    return response


@bp.get("/sw.js")
def service_worker():
    """The phone page's service worker, served from the root so it may cover /j/."""
    response = current_app.send_static_file("sw.js")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/personvern")
def privacy():
    """What Verksted stores, for how long, and who can delete it, in plain language."""
    days = current_app.config["RETENTION_DAYS"]
    return render_template("privacy.html", retention_days=days)


@bp.get("/tilgjengelighet")
def accessibility():
    """The accessibility statement ("Om tilgjengelighet"), shaped like Digdir's
    tilgjengelighetserklæring; the organisation fills in its part through config."""
    config = current_app.config
    assessed = config.get("ACCESSIBILITY_ASSESSED")
    try:
        assessed = format_date(date.fromisoformat(assessed), "long") if assessed else None
    except ValueError:  # not a date: shown as written
        pass
    return render_template(
        "accessibility.html", org_name=config.get("ORG_NAME"),
        contact_email=config.get("CONTACT_EMAIL"), assessed=assessed,
        uustatus_url=config.get("UUSTATUS_URL"), own_deviations=config.get("ACCESSIBILITY_DEVIATIONS"))


@bp.get("/healthz")
def health():
    """Liveness probe for load balancers and tests; ``writes`` counts group commits,
    ``snapshots`` the workshop reads made and reused for snapshots, ``gc`` the paced
    full garbage collections (app/gc_pacing.py)."""
    from ..gc_pacing import stats as collections
    from ..services.unit import stats
    return {"ok": True, "async_mode": current_app.extensions["socketio"].async_mode,
            "worker": os.getpid(), "writes": dict(stats),
            "snapshots": dict(current_app.extensions["verksted_snapshots"].stats),
            "gc": dict(collections)}
