"""Compiled translation catalogues, however the server is started.

The ``.mo`` files are not in git (they are built from the ``.po`` files), so a
fresh clone started with ``python -m app`` or a WSGI server would answer in
English under ``lang="nb"``. At start-up each catalogue that is missing or
older than its ``.po`` is compiled: next to the ``.po`` when that folder is
writable, otherwise into a writable copy (the data folder), which Flask-Babel
is then pointed at.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)
CATALOGUE = Path("LC_MESSAGES") / "messages"


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def _compile(po: Path, mo: Path) -> None:
    """Compile one catalogue; written to a temporary file and renamed, so several
    workers starting at once never read half a file."""
    with po.open("rb") as source:
        catalogue = read_po(source)
    mo.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalogue)
        os.replace(temporary, mo)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _compile_all(source: Path, target: Path) -> None:
    for po in sorted(source.glob(f"*/{CATALOGUE}.po")):
        mo = target / po.parent.parent.name / CATALOGUE.with_suffix(".mo")
        if _stale(po, mo):
            _compile(po, mo)
            log.info("compiled the %s catalogue into %s", po.parent.parent.name, mo)


def ensure_compiled(source: Path, spare: Path) -> Path:
    """The folder to load catalogues from: ``source`` with every ``.mo`` up to date,
    or ``spare`` holding them when ``source`` cannot be written."""
    try:
        _compile_all(source, source)
        return source
    except OSError:
        _compile_all(source, spare)
        return spare
