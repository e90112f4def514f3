"""The printable report and the series synthesis in a real browser.

The series is built through the real pages and sockets (tests/support/series.py);
Chromium then opens what a facilitator opens, with the CSP in force, and the
screenshots are kept in test-artifacts/screenshots/ (report-*.png, synthesis-*.png).
"""
from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from tests.support.flow_ui import open_panel
from tests.support.browser import SCREENSHOTS
from tests.support.series import PLAN, SERIES_TITLE, build_series, form_post

TRUST = [("Medarbeidere", "Tillit og åpenhet"), ("Ledere", "Tillit til kommunen"),
         ("Politikere", "Åpenhet og tillit")]


def watch_csp(page, violations: list[str]) -> None:
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)


def test_report_and_synthesis_pages_render_and_print(server, browsing):
    built = build_series(server.url)
    violations: list[str] = []

    # The facilitator page links the report; the report shows the ranking with ties.
    facilitator = browsing.desktop()
    watch_csp(facilitator, violations)
    facilitator.goto(built.workshops["Medarbeidere"].facilitator_url)
    open_panel(facilitator, "exports-panel")
    panel = facilitator.locator("#exports")
    expect(panel.locator("#series-membership")).to_contain_text(SERIES_TITLE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(SCREENSHOTS / "report-facilitator-panel.png"))
    facilitator.locator("#report-link").click()
    expect(facilitator.locator("h1")).to_have_text("Samhandling – Medarbeidere")
    expect(facilitator.locator("#report-participants")).to_have_text("3")
    rows = facilitator.locator("#q1 table.ranking tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.locator(".title")).to_have_text(
        ["Tillit og åpenhet", "Raskere svar", "Én dør inn", "Bedre skilting på rådhuset"])
    expect(rows.locator(".num").first).to_have_text("3")
    expect(facilitator.locator("#chart-q1 rect.chart-bar")).to_have_count(4)
    expect(facilitator.locator("[data-print]")).to_be_visible()
    browsing.screenshot(facilitator, "report-desktop")
    facilitator.emulate_media(media="print")
    expect(facilitator.locator(".report-actions")).to_be_hidden()
    expect(facilitator.locator(".site-header")).to_be_hidden()
    browsing.screenshot(facilitator, "report-print")
    pdf = facilitator.pdf(format="A4", print_background=True)
    (SCREENSHOTS / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    facilitator.emulate_media(media="screen")

    # Link two groups on the synthesis page through its real forms.
    synthesis = browsing.desktop()
    watch_csp(synthesis, violations)
    synthesis.goto(f"{built.series_url}/synthese")
    expect(synthesis.locator("h1")).to_have_text(SERIES_TITLE)
    suggestion = synthesis.locator("#suggestions-q1 li").filter(
        has_text="Tillit og åpenhet").filter(has_text="Tillit til kommunen")
    suggestion.get_by_role("button").click()
    expect(synthesis.locator("#shared-q1 tbody tr")).to_have_count(1)
    form_post(requests.Session(), built.base_url, f"/serie/{built.secret}/themes/link",
              {"group_a": built.groups[TRUST[2]], "group_b": built.groups[TRUST[0]]})
    form_post(requests.Session(), built.base_url, f"/serie/{built.secret}/themes/link",
              {"group_a": built.groups[("Medarbeidere", "Raskere svar")],
               "group_b": built.groups[("Innbyggere", "Raskere svar fra kommunen")]})
    synthesis.reload()
    shared = synthesis.locator("#shared-q1 tbody tr")
    expect(shared).to_have_count(2)
    expect(shared.first.locator("th")).to_have_text("Tillit til kommunen")  # most dots
    # The series owner renames the theme.
    synthesis.locator("#q1 details.linked summary").click()
    form = synthesis.locator("#q1 form.rename-form").first
    form.get_by_label("Navn på temaet").fill("Tillit")
    form.get_by_role("button", name="Gi nytt navn").click()
    expect(synthesis.locator("#shared-q1 tbody tr").first.locator("th")).to_have_text("Tillit")
    expect(synthesis.locator("#chart-q1 rect.chart-bar")).to_have_count(5)
    expect(synthesis.locator("#chart-q1 title")).not_to_be_empty()
    expect(synthesis.locator("#taken-part tfoot td").first).to_have_text(
        str(sum(p["phones"] for p in PLAN.values())))
    browsing.screenshot(synthesis, "synthesis-desktop")
    synthesis.emulate_media(media="print")
    expect(synthesis.locator(".linking").first).to_be_hidden()
    browsing.screenshot(synthesis, "synthesis-print")

    phone = browsing.phone()
    watch_csp(phone, violations)
    phone.goto(f"{built.series_url}/synthese")
    expect(phone.locator("#shared-q1 tbody tr")).to_have_count(2)
    browsing.screenshot(phone, "synthesis-phone")

    series_page = browsing.desktop()
    watch_csp(series_page, violations)
    series_page.goto(built.series_url)
    expect(series_page.locator("#member-table tbody tr")).to_have_count(4)
    browsing.screenshot(series_page, "synthesis-series-page")
    assert violations == []
