"""Grouping help by meaning in a real browser (issue 16), against a real server.

With two groups of two notes: a paraphrase of a grouped note (sharing no word with it)
gets that group suggested; an unrelated note gets none; accepting moves the note;
"not this group" is remembered after a reload. The page says which method is active.
"""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_suggestions_ui import SUGGEST_NAME, make_group
from tests.support.browser import connected
from tests.support.flow_ui import group_with, note, post
from tests.support.workshops import create_workshop

WAIT, SPRAK = "Ventetid", "Språk"
GROUPED = {WAIT: ["Kortere saksbehandlingstid", "Raskere svar på søknader"],
           SPRAK: ["Tolk på legevakten", "Informasjon på flere språk"]}
PARAPHRASE = "Slippe å vente i månedsvis på vedtak"  # no content word shared with its group
TRANSLATE = "Translate the letters into Arabic"     # English, for the language group
UNRELATED = "Fint vær i dag"
PARKING = ["Flere parkeringsplasser ved rådhuset", "Gratis parkering i sentrum"]


def test_suggestions_by_meaning_accept_and_dismiss(server, browsing):
    links = create_workshop(server.url)
    facilitator = browsing.open(viewport={"width": 1280, "height": 1000})
    phone = browsing.phone()
    facilitator.goto(links.facilitator_url)
    phone.goto(links.join_url)
    connected(facilitator)
    connected(phone)
    notes = [*GROUPED[WAIT], *GROUPED[SPRAK], PARAPHRASE, TRANSLATE, UNRELATED, *PARKING]
    for text in notes:
        post(phone, text)
    expect(facilitator.locator("#board-notes li.note")).to_have_count(len(notes))
    facilitator.locator("#phase-bar [data-phase=group]").click()
    for title, texts in GROUPED.items():
        make_group(facilitator, texts, title)

    long_wait = dict(timeout=60_000)  # the first refresh loads the model on a busy machine
    expect(facilitator.locator("#assist-method")).to_have_text(
        "Forslag etter mening, fra en språkmodell på denne serveren.", **long_wait)
    paraphrase = note(facilitator, PARAPHRASE)
    expect(paraphrase.locator(".suggest-button").first).to_have_text(f"→ {WAIT}", **long_wait)
    expect(note(facilitator, TRANSLATE).locator(".suggest-button").first).to_have_text(
        f"→ {SPRAK}", **long_wait)
    expect(note(facilitator, UNRELATED).locator(".suggest-button")).to_have_count(0)

    # "Not this group" on the language note: gone now, and after a reload.
    dismiss = note(facilitator, TRANSLATE).get_by_role(
        "button", name=f"Ikke denne gruppen: {SPRAK}")
    dismiss.click()
    expect(facilitator.locator("#announcer")).to_have_text(
        f"«{SPRAK}» blir ikke foreslått for denne lappen igjen.")
    translate_help = note(facilitator, TRANSLATE).locator(".suggest-button", has_text=SPRAK)
    expect(translate_help).to_have_count(0)
    facilitator.reload()
    connected(facilitator)
    expect(note(facilitator, PARAPHRASE).locator(".suggest-button").first).to_have_text(
        f"→ {WAIT}", **long_wait)
    expect(note(facilitator, TRANSLATE).locator(".suggest-button", has_text=SPRAK)).to_have_count(0)

    # Accepting moves the note into the group.
    note(facilitator, PARAPHRASE).get_by_role("button", name=SUGGEST_NAME.format(WAIT)).click()
    expect(group_with(facilitator, GROUPED[WAIT][0]).locator("li.note .note-text")).to_have_text(
        [*GROUPED[WAIT], PARAPHRASE])

    # A first draft of what is left, accepted in one go.
    groups_before = facilitator.locator("[data-group-id]").count()
    facilitator.locator("#draft-open").click()
    proposals = facilitator.locator("#draft-panel .draft-group")
    expect(proposals.first).to_be_visible(**long_wait)
    proposed = proposals.count()
    facilitator.get_by_role("button", name="Godta alle gruppene").click()
    expect(facilitator.locator("#announcer")).to_have_text(
        f"{proposed} grupper ble laget fra utkastet.", **long_wait)
    expect(proposals).to_have_count(0)
    expect(facilitator.locator("[data-group-id]")).to_have_count(groups_before + proposed)
