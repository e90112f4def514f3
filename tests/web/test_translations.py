"""The nb and en catalogues are complete, keep their placeholders, and are used.

If a test here fails after you added or changed a sentence in ``app/`` or
``templates/``: run ``make messages``, translate the new entries in
``translations/nb/LC_MESSAGES/messages.po`` (and copy the msgid into the
msgstr in ``translations/en/...``), remove any ``#, fuzzy`` flag, then run
``make translations``.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape

from app import create_app
from app.config import PROJECT_ROOT, TestConfig
from app.extensions import db

TRANSLATIONS = PROJECT_ROOT / "translations"
LOCALES = ("nb", "en")
# The same keywords as BABEL_EXTRACT_FLAGS in the Makefile (`make messages`).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# A Python %-format placeholder with a name: %(n)s, %(limit)d, %(x).1f ...
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def load_catalog(locale: str):
    with po_path(locale).open("rb") as f:
        return read_po(f, locale=locale)


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


def extracted_messages() -> dict[tuple[str, str | None], list[str]]:
    """Every message in the current source: (msgid, context) -> ['file:line', ...]."""
    with (PROJECT_ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found: dict[tuple[str, str | None], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS):
        found.setdefault((_key(message), context), []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def source_messages():
    messages = extracted_messages()
    assert len(messages) > 50, "extraction found almost nothing: is babel.cfg right?"
    return messages


@pytest.mark.parametrize("locale", LOCALES)
def test_every_source_message_is_translated(locale, source_messages):
    catalog = load_catalog(locale)
    assert not catalog.fuzzy, f"the header of {po_path(locale)} is marked fuzzy"
    problems = []
    for (msgid, context), where in sorted(source_messages.items()):
        entry = catalog.get(msgid, context=context)
        strings = entry.string if entry is not None else None
        if isinstance(strings, (tuple, list)):
            empty = not all(strings)
        else:
            empty = not strings
        if entry is None:
            problem = "missing from the catalogue"
        elif entry.fuzzy:
            problem = "marked fuzzy"
        elif empty:
            problem = "not translated"
        else:
            continue
        problems.append(f"  {msgid!r} ({problem}; used in {', '.join(where)})")
    assert not problems, (
        f"{len(problems)} message(s) need work in {po_path(locale).relative_to(PROJECT_ROOT)}"
        " (run `make messages`, translate, then `make translations`):\n"
        + "\n".join(problems))


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_placeholders(locale):
    catalog = load_catalog(locale)
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = (message.string if isinstance(message.string, (tuple, list))
                   else (message.string,))
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for string in strings:
            got = set(PLACEHOLDER.findall(string))
            if got != expected:
                problems.append(f"  {_key(message.id)!r} -> {string!r}: "
                                f"expected {sorted(expected)}, found {sorted(got)}")
    for message, errors in catalog.check():
        problems.extend(f"  {_key(message.id)!r}: {error}" for error in errors)
    assert not problems, f"placeholder errors in {locale}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_english_catalogue_is_the_source(locale):
    """en is the identity catalogue; nb must really be translated, not copied."""
    catalog = load_catalog(locale)
    entries = [m for m in catalog if m.id and not m.pluralizable]
    if locale == "en":
        wrong = [m.id for m in entries if m.string and m.string != m.id]
        assert not wrong, f"en msgstr differs from msgid: {wrong}"
    else:
        copied = [m.id for m in entries if m.string == m.id and re.search(r"[a-z]{3}", m.id)]
        # Words spelt the same in both languages are fine; whole sentences are not.
        sentences = [m for m in copied if " " in m]
        assert not sentences, f"nb msgstr left in English: {sentences}"


# --- the compiled catalogue is what the app serves ---------------------------------


def _ensure_compiled() -> None:
    """Compile a missing or stale .mo (normally `make translations` did it already)."""
    for locale in LOCALES:
        po = po_path(locale)
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = load_catalog(locale)
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                write_mo(f, catalog, use_fuzzy=True)  # as `pybabel compile -f`
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


@pytest.fixture
def translated_app(tmp_path):
    _ensure_compiled()
    application = create_app(TestConfig, {
        "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
        "DATA_DIR": str(tmp_path),
    })
    yield application
    db.dispose()


HEADING = "Join a workshop"
FROM_PYTHON = "Connected"  # gettext() in app/messages.py, sent to the page as JSON


def _nb(msgid: str) -> str:
    translated = load_catalog("nb").get(msgid).string
    assert translated and translated != msgid
    return translated


def _script_strings(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="i18n-data">(.*?)</script>',
                      html, re.S)
    assert match, "the page has no i18n-data script"
    return json.loads(match.group(1))


@pytest.mark.parametrize(("query", "headers", "expected"), [
    ("", {"Accept-Language": "no-NO,no;q=0.9"}, "nb"),
    ("", {"Accept-Language": "nb"}, "nb"),
    ("", {}, "nb"),
    ("?lang=en", {}, "en"),
    ("?lang=en", {"Accept-Language": "no-NO,no;q=0.9"}, "en"),
    ("", {"Accept-Language": "en-GB,en;q=0.8"}, "en"),
])
def test_start_page_language(translated_app, query, headers, expected):
    client = translated_app.test_client()  # a fresh client: no lang cookie carried over
    response = client.get(f"/{query}", headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{expected}">' in html
    heading_nb = str(escape(_nb(HEADING)))
    if expected == "nb":
        assert heading_nb in html
        assert HEADING not in html
        assert _script_strings(html)["connected"] == _nb(FROM_PYTHON)
    else:
        assert HEADING in html
        assert heading_nb not in html
        assert _script_strings(html)["connected"] == FROM_PYTHON
