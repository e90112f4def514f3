"""The facilitator's console, the co-facilitator's and the projector screen.

Each page is opened by a secret link; ``access`` maps every route to the
role whose secret it takes (the table in domain/roles.py ``ROUTES``).
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..domain import secrets
from ..domain.roles import Role
from ..services import links, workshops
from .access import workshop_or_404 as _workshop_or_404
from .links import external, join_url

bp = Blueprint("facilitate", __name__)


def _console(workshop, secret: str, role: Role, facilitator_secret: str | None = None):
    """The console page, for the facilitator or a co-facilitator."""
    projector_secret = links.projector_secret_for(
        facilitator_secret, workshop.projector_generation) if facilitator_secret else None
    co_url = None
    if facilitator_secret and workshop.cofacilitator_digest:
        co_secret = links.cofacilitator_secret_for(facilitator_secret,
                                                   workshop.cofacilitator_generation)
        co_url = external("facilitate.cofacilitator_console", secret=co_secret)
    own_url = external("facilitate.console" if role is Role.FACILITATOR
                       else "facilitate.cofacilitator_console", secret=secret)
    return render_template(
        "facilitator.html", workshop=workshop, secret=secret, role=role.value,
        is_new=request.args.get("new") == "1" and role is Role.FACILITATOR,
        # Right after a link was replaced: the new facilitator link is shown once, or
        # the projector link's panel says what happened to the open screens.
        replaced=request.args.get("replaced") if role is Role.FACILITATOR else None,
        facilitator_url=own_url, cofacilitator_url=co_url,
        projector_url=external("facilitate.screen", secret=projector_secret)
        if projector_secret else None,
        join_url=join_url(workshop.join_code),
        join_code=secrets.format_join_code(workshop.join_code))


@bp.get("/f/<secret>")
def console(secret: str):
    """The facilitator's console; ``?new=1`` once, right after creating the workshop."""
    workshop = _workshop_or_404("facilitate.console", secret)
    return _console(workshop, secret, Role.FACILITATOR, facilitator_secret=secret)


@bp.get("/c/<secret>")
def cofacilitator_console(secret: str):
    """A co-facilitator's console: runs the workshop, cannot delete it or share links."""
    workshop = _workshop_or_404("facilitate.cofacilitator_console", secret)
    return _console(workshop, secret, Role.COFACILITATOR)


@bp.post("/f/<secret>/cofacilitator")
def cofacilitator_link(secret: str):
    """Make a (new) co-facilitator link; an earlier one stops working."""
    workshop = _workshop_or_404("facilitate.cofacilitator_link", secret)
    links.new_cofacilitator_link(workshop.id, secret)
    return redirect(url_for("facilitate.console", secret=secret) + "#cofacilitator")


@bp.post("/f/<secret>/cofacilitator/revoke")
def cofacilitator_revoke(secret: str):
    """Switch the co-facilitator link off."""
    workshop = _workshop_or_404("facilitate.cofacilitator_revoke", secret)
    links.revoke_cofacilitator_link(workshop.id)
    return redirect(url_for("facilitate.console", secret=secret) + "#cofacilitator")


@bp.post("/f/<secret>/projector-link")
def new_projector_link(secret: str):
    """Replace the projector link, once confirmed; open projector screens are disconnected."""
    workshop = _workshop_or_404("facilitate.new_projector_link", secret)
    if request.form.get("confirm") != "yes":
        abort(400)
    links.new_projector_link(workshop.id, secret)
    return redirect(url_for("facilitate.console", secret=secret, replaced="projector")
                    + "#share-panel")


@bp.post("/f/<secret>/facilitator-link")
def new_facilitator_link(secret: str):
    """Replace the facilitator link (and the links made from it), once confirmed; the
    new page shows the new link once."""
    workshop = _workshop_or_404("facilitate.new_facilitator_link", secret)
    if request.form.get("confirm") != "yes":
        abort(400)
    new_secret = links.new_facilitator_link(workshop.id)
    return redirect(url_for("facilitate.console", secret=new_secret, replaced="facilitator"))


@bp.post("/f/<secret>/delete")
def delete_workshop(secret: str):
    """Delete the workshop and everything in it, once the facilitator confirmed."""
    workshop = _workshop_or_404("facilitate.delete_workshop", secret)
    if request.form.get("confirm") != "yes":
        abort(400)
    workshops.delete(workshop.id)
    return redirect(url_for("main.start", deleted=1))


@bp.get("/s/<secret>")
def screen(secret: str):
    """The projector screen: view-only, opened by the projector link."""
    workshop = _workshop_or_404("facilitate.screen", secret)
    return render_template(
        "projector.html", workshop=workshop, secret=secret,
        join_url=join_url(workshop.join_code),
        join_code=secrets.format_join_code(workshop.join_code))
