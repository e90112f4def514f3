"""The facilitator's console and the projector screen, opened by secret links."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from ..domain import secrets
from ..domain.roles import Role
from ..services import workshops
from .links import external, join_url

bp = Blueprint("facilitate", __name__)


def _workshop_or_404(role: Role, secret: str):
    workshop = workshops.by_secret(role, secret)
    if workshop is None:
        abort(404)
    g.workshop_language = workshop.language
    return workshop


@bp.get("/f/<secret>")
def console(secret: str):
    """The facilitator's console; ``?new=1`` once, right after creating the workshop."""
    workshop = _workshop_or_404(Role.FACILITATOR, secret)
    projector_secret = workshops.projector_secret_for(secret)
    return render_template(
        "facilitator.html", workshop=workshop, secret=secret,
        is_new=request.args.get("new") == "1",
        facilitator_url=external("facilitate.console", secret=secret),
        projector_url=external("facilitate.screen", secret=projector_secret),
        join_url=join_url(workshop.join_code),
        join_code=secrets.format_join_code(workshop.join_code))


@bp.get("/s/<secret>")
def screen(secret: str):
    """The projector screen: view-only, opened by the projector link."""
    workshop = _workshop_or_404(Role.PROJECTOR, secret)
    return render_template(
        "projector.html", workshop=workshop, secret=secret,
        join_url=join_url(workshop.join_code),
        join_code=secrets.format_join_code(workshop.join_code))
