"""The nb, nn and en catalogues are complete, keep their placeholders, and are used.

If a test here fails after you added or changed a sentence in ``app/`` or
``templates/``: run ``make messages``, translate the new entries in
``translations/nb/LC_MESSAGES/messages.po`` (Bokmål) and
``translations/nn/LC_MESSAGES/messages.po`` (Nynorsk), copy the msgid into the
msgstr in ``translations/en/...``, remove any ``#, fuzzy`` flag, then run
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
LOCALES = ("nb", "nn", "en")
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
    """en is the identity catalogue; nb and nn must really be translated, not copied."""
    catalog = load_catalog(locale)
    entries = [m for m in catalog if m.id and not m.pluralizable]
    if locale == "en":
        wrong = [m.id for m in entries if m.string and m.string != m.id]
        assert not wrong, f"en msgstr differs from msgid: {wrong}"
    else:
        copied = [m.id for m in entries if m.string == m.id and re.search(r"[a-z]{3}", m.id)]
        # Words spelt the same in both languages are fine; whole sentences are not.
        sentences = [m for m in copied if " " in m]
        assert not sentences, f"{locale} msgstr left in English: {sentences}"


# --- Nynorsk is Nynorsk, not Bokmål left behind ---------------------------------------

# Words spelt the same in Bokmål and Nynorsk. An nn msgstr may be identical to the nb
# msgstr only when every word in it is one of these ("Kode", "Ny gruppe", "Spørsmål %(n)s"),
# so an nb sentence pasted into the nn catalogue ("Lapper", "Ikke sendt") fails. Add a word
# here only after checking that Nynorsk really spells it that way (Nynorskordboka).
NN_SAME_AS_NB = frozenset("""
    alle andre av avbryt avvis bli csv dato delt den denne din docx du eksportert eller endre lås
    fase fasilitator fasilitatorlenke flytt for forkast forslag første fyll gi godta gruppe grupper gruppering
    grupperingshjelp gå har i inn interessentgruppe kode kopier kopiert lag lage lagre lapp lappen legg
    lenke like lukk markdown med medfasilitator minutt mobilen neste nr ny og pause pdf
    personvern plass prikk på rangering rapport resultat samle send sender serie serien
    side skjermen skjermlenke skjul skjult skriv skriving slett slette som språk spørsmål spørsmålet start
    steg stem stemme stemmer stemming stopp storskjerm storskjermen ta tavla tekstfeltet
    tema til tilbake tittel totalt ut utkast utkastet vil vis word xlsx å
""".split())

# Bokmål forms that are never right in Nynorsk (the Nynorsk forms are listed below). "Verksted"
# with a capital V is the product name and stays; the common noun is "verkstad".
BOKMAL_ONLY = frozenset("""
    ikke hva hvem hvor hvordan hvilke hvilken hvis hver hvert jeg noe noen mye fra bare
    også ennå ble dere dem selv sammen samme allerede fortsatt høyst tegn navn navnet
    lenken lapper lappene prikker prikkene gruppen tavlen siden være vært gjøre enhet
    enheten spørsmålene resultatene flere mens uten derfor frem kommer én en et verkstedet
    verksteder verkstedene deltakere deltakerne mobilene skjermer nettleseren tilkoblet
    kobler koblet forbindelse
""".split())
# ikkje kva kven kor korleis kva for om kvar kvart eg noko nokon mykje frå berre òg enno
# vart de dei sjølv saman same allereie framleis høgst teikn namn namnet lenka lappar
# lappane prikkar prikkane gruppa tavla sida vere vore gjere eining eininga spørsmåla
# resultata fleire medan utan difor fram kjem éin/éi/eitt ein eit verkstaden verkstader
# verkstadene deltakarar deltakarane mobilane skjermar nettlesaren tilkopla koplar kopla
# tilkopling

WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    return WORD.findall(PLACEHOLDER.sub(" ", text))


def test_nynorsk_is_not_bokmal_copied_from_nb():
    nb, nn = load_catalog("nb"), load_catalog("nn")
    copied = []
    for message in nn:
        if not message.id or not message.string:
            continue
        bokmal = nb.get(message.id)
        if bokmal is None or message.string != bokmal.string:
            continue
        unknown = [w for w in _words(message.string) if w.lower() not in NN_SAME_AS_NB]
        if unknown:
            copied.append(f"  {_key(message.id)!r} -> {message.string!r} (not known to be "
                          f"Nynorsk: {', '.join(unknown)})")
    assert not copied, (
        "nn msgstr identical to the Bokmål one; translate it into Nynorsk (or, if every "
        "word really is spelt the same, add the words to NN_SAME_AS_NB):\n"
        + "\n".join(copied))


def test_nynorsk_has_no_bokmal_forms():
    problems = []
    for message in load_catalog("nn"):
        if not message.id or not message.string:
            continue
        words = _words(message.string)
        bad = sorted({w for w in words if w.lower() in BOKMAL_ONLY}
                     | {w for w in words if w.lower().startswith("verksted") and w != "Verksted"})
        if bad:
            problems.append(f"  {_key(message.id)!r} -> {message.string!r}: {', '.join(bad)}")
    assert not problems, "Bokmål forms in the nn catalogue:\n" + "\n".join(problems)


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


def _translated(locale: str, msgid: str) -> str:
    translated = load_catalog(locale).get(msgid).string
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
    ("?lang=nn", {}, "nn"),
    ("?lang=nn", {"Accept-Language": "nb-NO,nb;q=0.9"}, "nn"),
    ("", {"Accept-Language": "nn-NO,nn;q=0.9"}, "nn"),
    ("", {"Accept-Language": "nn"}, "nn"),
    ("?lang=nb", {"Accept-Language": "nn-NO,nn;q=0.9"}, "nb"),
])
def test_start_page_language(translated_app, query, headers, expected):
    client = translated_app.test_client()  # a fresh client: no lang cookie carried over
    response = client.get(f"/{query}", headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(rf'<html lang="{expected}"[ >]', html)
    headings = {locale: str(escape(_translated(locale, HEADING))) for locale in ("nb", "nn")}
    headings["en"] = HEADING
    assert headings["nb"] != headings["nn"], "the nn heading must be Nynorsk, not Bokmål"
    assert headings[expected] in html
    for other, heading in headings.items():
        if other != expected:
            assert heading not in html, f"{other} heading on a {expected} page"
    connected = FROM_PYTHON if expected == "en" else _translated(expected, FROM_PYTHON)
    assert _script_strings(html)["connected"] == connected
