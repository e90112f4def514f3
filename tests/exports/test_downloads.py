"""A workshop run over real sockets, then every download fetched from a real server and
opened with the real readers: file names, headers, cell types, paper size, Markdown."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from urllib.parse import quote

import docx
import openpyxl
import requests
from docx.shared import Cm

from tests.support.series import run_workshop
from tests.support.workshops import create_workshop

TITLE = "Tjenester – Ås kommune"
PLAN = {"phones": 3, "q1": [
    ("Tillit", ["Åpenhet om beslutninger"], 4),
    ("Raskere svar", ["Svar innen to dager"], 3),
    ("Alle skal med", ["Universell utforming"], 2),
    (None, ["+47 38 07 50 00"], 1),
    (None, ["=1+1"], 1),
], "q2": []}


def fetch(base: str, fmt: str) -> requests.Response:
    response = requests.get(f"{base}/export.{fmt}", timeout=30)
    assert response.status_code == 200, (fmt, response.status_code)
    return response


def test_downloads_keep_names_numbers_and_text_as_typed(server):
    links = create_workshop(server.url, title=TITLE)
    run_workshop(links, PLAN)
    base = links.facilitator_url

    raw = fetch(base, "csv")
    assert raw.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset only once
    disposition = raw.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('Tjenester – Ås kommune-')}" in disposition
    assert 'filename="Tjenester - As kommune-' in disposition
    assert disposition.encode("latin-1").isascii()
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    texts = [row[2] for row in rows[1:]]
    assert "+47 38 07 50 00" in texts and "'=1+1" in texts
    assert fetch(base, "md").headers["Content-Type"] == "text/markdown; charset=utf-8"

    book = openpyxl.load_workbook(io.BytesIO(fetch(base, "xlsx").content))
    sheet = book.worksheets[0]
    start = next(r for r in range(1, 40) if sheet.cell(r, 1).value == "Plass") + 1
    ranks = [sheet.cell(r, 1) for r in range(start, sheet.max_row + 1)
             if sheet.cell(r, 1).value is not None]
    assert [c.value for c in ranks] == [1, 2, 3, 4, 4]
    assert all(c.data_type == "n" for c in ranks)
    assert '(delt)' in ranks[-1].number_format and '(delt)' not in ranks[0].number_format
    notes = book.worksheets[-1]
    header = [c.value for c in notes[1]]
    written, exported = header.index("Skrevet") + 1, header.index("Eksportert") + 1
    for row in range(2, notes.max_row + 1):
        assert isinstance(notes.cell(row, written).value, datetime)
        assert isinstance(notes.cell(row, exported).value, datetime)
        assert isinstance(notes.cell(row, header.index("Plass") + 1).value, int)
    assert notes.cell(2, written).number_format == "yyyy-mm-dd hh:mm:ss"

    document = docx.Document(io.BytesIO(fetch(base, "docx").content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.page_width - section.left_margin - section.right_margin >= Cm(16)
    assert document.core_properties.author == "Verksted"
    assert "python-docx" not in (document.core_properties.comments or "")

    markdown = fetch(base, "md").content.decode("utf-8")
    assert "### 3. Alle skal med" in markdown and "3\\." not in markdown
    assert "- +47 38 07 50 00" in markdown
