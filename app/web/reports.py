"""The report of one workshop and its downloads, for the facilitator and a co-facilitator.

``/f/<secret>/report`` and ``/f/<secret>/export.<csv|xlsx|md|docx>``, and the same
under the co-facilitator's ``/c/<secret>``. Any other secret is a 404.
"""
from __future__ import annotations

from importlib import import_module
from urllib.parse import quote

from flask import Blueprint, Response, render_template

from ..exports import words
from ..services import reports
from .access import workshop_or_404

bp = Blueprint("reports", __name__)

FORMATS = {  # format -> (media type, module in app/exports)
    "csv": ("text/csv; charset=utf-8", "csv_file"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx_file"),
    "md": ("text/markdown; charset=utf-8", "markdown_file"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "docx_file"),
}
EXPORT = "<any(csv, xlsx, md, docx):fmt>"


def exporter(module: str):
    """An export module, imported on first use.

    openpyxl, python-docx and Pillow (and numpy, which openpyxl imports where
    it is installed) would add about a third to every worker's start-up.
    """
    return import_module(f"..exports.{module}", __package__)


def download(data: bytes, content_type: str, name: str) -> Response:
    """A file to save, never cached (it holds what a secret link protects).

    The name goes as RFC 6266/5987 ``filename*`` in UTF-8 ("–", "æøå" kept) with an
    ASCII ``filename`` for clients that cannot read it. ``content_type`` is sent as
    given (Flask would add a second charset to a ``text/*`` mimetype).
    """
    response = Response(data, content_type=content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{words.ascii_filename(name)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}")
    response.headers["Cache-Control"] = "no-store"
    return response


def _report(endpoint: str, secret: str, prefix: str):
    workshop = workshop_or_404(endpoint, secret)
    return render_template("report.html", report=reports.build(workshop.id),
                           L=words.labels(), words=words, secret=secret,
                           export_endpoint=f"reports.{prefix}export",
                           console_endpoint="facilitate.console" if not prefix
                           else "facilitate.cofacilitator_console")


def _export(endpoint: str, secret: str, fmt: str):
    workshop = workshop_or_404(endpoint, secret)
    report = reports.build(workshop.id)
    mimetype, module = FORMATS[fmt]
    return download(exporter(module).render(report, words.labels()), mimetype,
                    words.filename(report.title, report.generated_at, fmt))


@bp.get("/f/<secret>/report")
def report(secret: str):
    """The printable report page of a workshop."""
    return _report("reports.report", secret, "")


@bp.get(f"/f/<secret>/export.{EXPORT}")
def export(secret: str, fmt: str):
    """Download the workshop as CSV, XLSX, Markdown or DOCX."""
    return _export("reports.export", secret, fmt)


@bp.get("/c/<secret>/report")
def cofacilitator_report(secret: str):
    """The report page, opened with the co-facilitator link."""
    return _report("reports.cofacilitator_report", secret, "cofacilitator_")


@bp.get(f"/c/<secret>/export.{EXPORT}")
def cofacilitator_export(secret: str, fmt: str):
    """The downloads, with the co-facilitator link."""
    return _export("reports.cofacilitator_export", secret, fmt)
