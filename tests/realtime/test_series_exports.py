"""Four workshops of one series, run over real sockets, exported and synthesised.

The series is built the way facilitators and phones do it (tests/support/series.py),
then every file is downloaded over HTTP and opened with the real readers:
the csv module, openpyxl, python-docx (and Pillow for the charts inside).
"""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
import requests
from babel.numbers import format_percent
from babel.support import Translations
from PIL import Image

from markupsafe import escape as html_escape

from app.config import PROJECT_ROOT
from app.exports.markdown_file import escape
from app.services.links import cofacilitator_secret_for
from tests.support.series import HIDDEN_NOTE, PLAN, SERIES_TITLE, build_series, form_post

NB = Translations.load(str(PROJECT_ROOT / "translations"), ["nb"])


def _(msgid: str, **params) -> str:
    """What the server says in Bokmål (the msgid itself until it is translated)."""
    text = NB.gettext(msgid)
    return text % params if params else text


def pct(value: float) -> str:
    return format_percent(value, "#,##0.0 %", locale="nb")


def ranked(plan: dict) -> list[tuple[str, int, str]]:
    """Question 1's expected ranking: (title, votes, rank as shown), ties shown as ties."""
    items = [(title or texts[0], votes) for title, texts, votes in plan["q1"]]
    ordered = sorted(items, key=lambda item: -item[1])  # stable: equal votes keep their order
    ranks = [1 + sum(v > votes for _t, v in items) for _t, votes in ordered]
    return [(title, votes, _("%(rank)s (shared)", rank=rank) if ranks.count(rank) > 1
             else str(rank)) for (title, votes), rank in zip(ordered, ranks)]


def visible_notes(plan: dict) -> list[str]:
    return [t for _title, texts, _v in plan["q1"] for t in texts] + plan["q2"]


def made_line(text: str) -> bool:
    """Whether ``text`` says when the file was made ("Laget 9. november 2026 10:15, norsk tid")."""
    before, after = _("Made %(when)s, Norwegian time").split("%(when)s")
    return re.search(re.escape(before) + r"\d{1,2}\.? \w+ \d{4} \d\d:\d\d" + re.escape(after),
                     text) is not None


def get(url: str) -> requests.Response:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_four_workshops_exported_and_synthesised(server):
    built = build_series(server.url)
    assert set(built.workshops) == set(PLAN)

    page = get(built.series_url).text
    for label, plan in PLAN.items():
        assert re.search(rf"<th scope=\"row\">{label}</th>\s*<td>[^<]*</td>\s*"
                         rf"<td class=\"num\">{plan['phones']}</td>", page), label
    assert re.search(r'<td class="num">11</td>', page)  # 3 + 2 + 2 + 4 took part

    for label, plan in PLAN.items():
        check_workshop_exports(built.workshops[label].facilitator_url, label, plan)
    check_cofacilitator_exports(built)
    link_themes(built)
    check_synthesis_page(built)
    check_synthesis_xlsx(built)
    check_synthesis_docx(built)
    check_rename(built)


def check_workshop_exports(base: str, label: str, plan: dict) -> None:
    expected = ranked(plan)
    notes = visible_notes(plan)
    before = datetime.now(ZoneInfo("Europe/Oslo")).replace(tzinfo=None) - timedelta(minutes=2)

    raw = get(f"{base}/export.csv")
    assert raw.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in raw.headers["Content-Disposition"]
    assert raw.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == [_("Question no."), _("Question"), _("Note"), _("Name"),
                      _("Group (theme)"), _("Dots"), _("Rank"), _("Phase"), _("Written"),
                      _("Exported")]
    assert sorted(r[2] for r in body) == sorted(notes)  # one row per note, æøå intact
    assert HIDDEN_NOTE not in raw.content.decode("utf-8-sig")
    votes_of = {title: (votes, rank) for title, votes, rank in expected}
    for title, texts, _v in plan["q1"]:
        for text in texts:
            row = next(r for r in body if r[2] == text)
            assert row[0] == "1" and row[4] == (title or "")
            assert (int(row[5]), row[6]) == votes_of[title or text]
            assert row[7] == _("Results")
    for row in body:
        assert datetime.strptime(row[9], "%Y-%m-%d %H:%M:%S") > before  # Oslo time
        if row[0] == "2":
            assert row[7] == _("Writing") and row[5] == "0"

    book = openpyxl.load_workbook(io.BytesIO(get(f"{base}/export.xlsx").content))
    assert book.sheetnames == [_("Question %(n)s", n=1), _("Question %(n)s", n=2),
                               _("All notes")]
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    assert made_line(sheet[1][0])
    assert (_("Stakeholder group"), label) in [r[:2] for r in sheet]
    assert (_("Participants"), plan["phones"]) in [r[:2] for r in sheet]
    start = next(i for i, r in enumerate(sheet) if r[0] == _("Rank")) + 1
    items = [r for r in sheet[start:] if r[0] is not None]
    dots = sum(v for _t, v, _r in expected)
    # Ranks are numbers; a shared rank says so through its number format.
    assert [(r[1], r[2], r[0]) for r in items] == [
        (title, votes, int(rank.split()[0])) for title, votes, rank in expected]
    assert [round(r[3], 4) for r in items] == [round(v / dots, 4) for _t, v, _r in expected]
    assert sorted(r[4] for r in sheet[start:] if r[4]) == sorted(
        t for _title, texts, _v in plan["q1"] for t in texts)
    all_notes = list(book[_("All notes")].iter_rows(values_only=True))
    assert len(all_notes) == 1 + len(notes)

    document = docx.Document(io.BytesIO(get(f"{base}/export.docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert document.paragraphs[0].style.name == "Title"
    assert made_line(text)
    assert [label, str(plan["phones"]), str(len(notes))] in [row[1:] for row in cells]
    for note in notes:
        assert note in text or any(note in c for row in cells for c in row), note
    assert HIDDEN_NOTE not in text
    first = next(t for t in document.tables if t.rows[0].cells[0].text == _("Rank"))
    ranking = [[c.text for c in row.cells] for row in first.rows[1:]]
    assert [(r[1], int(r[2]), r[0]) for r in ranking] == expected
    assert [r[3] for r in ranking] == [pct(v / dots) for _t, v, _r in expected]
    assert len(document.inline_shapes) == 1  # question 1's chart; question 2 has no dots
    blob = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    chart = Image.open(io.BytesIO(document.part.related_parts[blob].blob))
    assert chart.format == "PNG" and chart.width == 1600

    markdown = get(f"{base}/export.md").content.decode("utf-8")
    assert made_line(markdown)
    assert markdown.startswith("# Samhandling") or markdown.startswith(f"# {SERIES_TITLE}")
    for title, votes, rank in expected:
        assert f"| {rank} | {title} | {votes} | {pct(votes / dots)} |" in markdown
    for note in notes:
        assert escape(note) in markdown
    report = get(f"{base}/report").text
    for note in notes:
        assert str(html_escape(note)) in report
    assert "<img src=x" not in report


def check_cofacilitator_exports(built) -> None:
    links = built.workshops["Ledere"]
    session = requests.Session()
    form_post(session, built.base_url, f"/f/{links.facilitator_secret}/cofacilitator", {})
    co = f"{built.base_url}/c/{cofacilitator_secret_for(links.facilitator_secret, 1)}"
    assert "Tillit til kommunen" in get(f"{co}/report").text
    assert get(f"{co}/export.csv").content.startswith(b"\xef\xbb\xbf")
    assert requests.get(f"{built.base_url}/c/{'A' * 27}/export.csv").status_code == 404
    assert requests.get(f"{built.base_url}/f/{'A' * 27}/export.docx").status_code == 404


def suggested_pairs(html: str) -> set[frozenset[int]]:
    return {frozenset({int(a), int(b)}) for a, b in re.findall(
        r'name="group_a" value="(\d+)">\s*<input type="hidden" name="group_b" value="(\d+)"',
        html)}


def link(built, a: tuple[str, str], b: tuple[str, str]) -> str:
    response = form_post(requests.Session(), built.base_url, f"/serie/{built.secret}/themes/link",
                         {"group_a": built.groups[a], "group_b": built.groups[b],
                          "position": 0}, allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def link_themes(built) -> None:
    g = built.groups
    trust = [("Medarbeidere", "Tillit og åpenhet"), ("Ledere", "Tillit til kommunen"),
             ("Politikere", "Åpenhet og tillit")]
    faster = [("Medarbeidere", "Raskere svar"), ("Innbyggere", "Raskere svar fra kommunen")]
    pairs = suggested_pairs(get(f"{built.series_url}/synthese").text)
    for a, b in ((trust[0], trust[1]), (trust[0], trust[2]), (faster[0], faster[1])):
        assert frozenset({g[a], g[b]}) in pairs, (a, b)
    assert "error=" not in link(built, trust[0], trust[1])
    assert "error=" not in link(built, trust[2], trust[1])  # joins the existing theme
    assert "error=" not in link(built, faster[1], faster[0])
    # A theme holds one group per workshop: Ledere's trust theme already has Medarbeidere.
    refused = link(built, trust[1], faster[0])
    assert "error=themes_same_workshop" in refused
    assert _("A theme can hold only one group from each workshop.") in get(
        built.base_url + refused).text
    # Linked pairs are no longer suggested.
    assert frozenset({g[trust[0]], g[trust[1]]}) not in suggested_pairs(
        get(f"{built.series_url}/synthese").text)


def check_synthesis_page(built) -> None:
    html = get(f"{built.series_url}/synthese").text
    assert html.count('<svg class="chart grouped"') == 1  # question 1 has shared themes
    assert 'role="img"' in html and 'aria-labelledby="chart-q1-title"' in html
    table = html.split('id="shared-q1"')[1].split("</table>")[0]
    assert re.search(r"Tillit til kommunen</th>\s*<td class=\"num\">37,5\s%", table)
    assert pct(2 / 3) in table and pct(0.5) in table


def shares_of(sheet_rows, title_row: str) -> list:
    start = next(i for i, r in enumerate(sheet_rows) if r[0] == title_row) + 1
    out = []
    for row in sheet_rows[start:]:
        if row[0] is None:
            break
        out.append(tuple(round(v, 4) if isinstance(v, float) else v for v in row))
    return out


def check_synthesis_xlsx(built) -> None:
    book = openpyxl.load_workbook(io.BytesIO(get(f"{built.series_url}/synthese.xlsx").content))
    assert book.sheetnames == [_("Who took part"), _("Question %(n)s", n=1),
                               _("Question %(n)s", n=2)]
    people = list(book.worksheets[0].iter_rows(values_only=True))
    assert people[0][0] == SERIES_TITLE and made_line(people[1][0])
    assert [(r[0], r[2]) for r in people if r[0] in PLAN] == [
        (label, PLAN[label]["phones"]) for label in PLAN]
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == _("Theme"))
    assert list(header[1:5]) == list(PLAN)
    assert next(r for r in rows if r[0] == _("Participants"))[1:5] == (3, 2, 2, 4)
    assert next(r for r in rows if r[0] == _("Dots"))[1:5] == (8, 8, 3, 10)
    assert shares_of(rows, _("Themes several groups named")) == [
        ("Tillit til kommunen", 0.375, 0.5, 0.6667, None, 3),
        ("Raskere svar fra kommunen", 0.375, None, None, 0.5, 2)]
    assert shares_of(rows, _("Raised by one group only")) == [
        ("Bedre skilting på rådhuset", 0.125, None, None, None, 1),  # a note in no group
        ("Én dør inn", 0.125, None, None, None, 1),
        ("Digitale tjenester", None, 0.25, None, None, 1),
        ("Raskere saksbehandling", None, 0.25, None, None, 1),
        ("Medvirkning", None, None, 0.3333, None, 1),
        ("Én kontaktperson", None, None, None, 0.3, 1),
        ("Møteplasser", None, None, None, 0.2, 1)]


def check_synthesis_docx(built) -> None:
    document = docx.Document(io.BytesIO(get(f"{built.series_url}/synthese.docx").content))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert [[label, str(PLAN[label]["phones"])] for label in PLAN] == [
        row[:2] for row in cells if row[0] in PLAN]
    assert ["Tillit til kommunen", f"{pct(0.375)} (3)", f"{pct(0.5)} (4)", f"{pct(2 / 3)} (2)",
            "–"] in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == SERIES_TITLE and made_line(text)
    assert f"Bedre skilting på rådhuset — {pct(0.125)} (1)" in text
    assert f"Én dør inn — {pct(0.125)} (1)" in text and f"Møteplasser — {pct(0.2)} (2)" in text
    assert len(document.inline_shapes) == 1  # the grouped chart of question 1
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.core_properties.author == "Verksted"


def rename(built, theme_id, title: str) -> str:
    response = form_post(requests.Session(), built.base_url,
                         f"/serie/{built.secret}/themes/rename",
                         {"theme_id": theme_id, "title": title, "position": 0},
                         allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def first_shared(built) -> str:
    table = get(f"{built.series_url}/synthese").text.split('id="shared-q1"')[1]
    return re.search(r'<th scope="row">([^<]+)</th>', table).group(1)


def check_rename(built) -> None:
    html = get(f"{built.series_url}/synthese").text
    theme = re.search(r'name="theme_id" value="(\d+)"', html).group(1)
    assert rename(built, theme, "  Tillit  ").endswith("#q1")
    assert first_shared(built) == "Tillit"
    xlsx = openpyxl.load_workbook(io.BytesIO(get(f"{built.series_url}/synthese.xlsx").content))
    assert "Tillit" in [r[0] for r in xlsx.worksheets[1].iter_rows(values_only=True)]
    assert "error=group_title_too_long" in rename(built, theme, "x" * 81)
    assert "error=theme_unknown" in rename(built, "999999", "Annet")
    assert first_shared(built) == "Tillit"  # refused: nothing changed
    rename(built, theme, "")  # empty: named after its most-voted group again
    assert first_shared(built) == "Tillit til kommunen"


@pytest.mark.parametrize("path", ["/serie/{}", "/serie/{}/synthese", "/serie/{}/synthese.xlsx"])
def test_wrong_series_link_is_404(client, path):
    assert client.get(path.format("A" * 27)).status_code == 404
