"""Helpers for the projector-fit tests: many notes through the real socket API, and what a
wall shows, measured in the browser page by page."""
from __future__ import annotations

import threading
import uuid

from playwright.sync_api import expect

# Notes as people write them: short, medium, a few long ones (the wall clamps those).
SAMPLES = (
    "Kortere ventetid på telefon",
    "Svar innen to dager",
    "Én kontaktperson for hele saken",
    "Åpent kontor på kvelden",
    "Bedre skilting i bygget, særlig for dem som ser dårlig",
    "Klart språk i brevene",
    "Digital hjelp på biblioteket",
    "Møter i nærmiljøet, ikke bare på rådhuset",
    "At noen ringer tilbake når de har lovet det, og sier fra hvis det tar lengre tid enn sagt",
    "Tolk når det trengs",
    "Færre skjemaer",
    "Samme svar uansett hvem jeg snakker med",
)


def note_text(i: int) -> str:
    """The i-th note: a sample sentence and its number, so every note is different."""
    return f"{SAMPLES[i % len(SAMPLES)]} ({i + 1})"


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def post_many(client, board: int, texts: list[str], timeout: float = 60.0) -> list[int]:
    """Send every note at once over one real Socket.IO connection; wait for all acks.
    Returns the note ids in the order the texts were given."""
    done = threading.Event()
    acks: dict[int, dict] = {}
    lock = threading.Lock()

    def answer(i):
        def callback(ack):
            with lock:
                acks[i] = ack
                if len(acks) == len(texts):
                    done.set()
        return callback

    for i, text in enumerate(texts):
        client.sio.emit("note:create", {"board_id": board, "text": text, "cid": uuid.uuid4().hex},
                        callback=answer(i))
    assert done.wait(timeout), f"only {len(acks)} of {len(texts)} notes acknowledged"
    return [ok(acks[i])["note"]["id"] for i in range(len(texts))]


# One pass over the wall's pages: for each page, the units (notes or results) whose box is
# wholly inside the board and the viewport (by kind and id: "group3", "note7", or "7" for a
# note card), the smallest text size among them, and whether (and why)
# the document can scroll. Steps the pages with Page Down, as the person at the laptop would.
_PAGE = """(unit) => {
  const screen = document.getElementById('screen');
  const board = document.getElementById('screen-board').getBoundingClientRect();
  const inside = (r) => r.width > 0 && r.height > 0 && r.left >= board.left - 1 && r.right <= board.right + 1
    && r.top >= board.top - 1 && r.bottom <= board.bottom + 1 && r.right <= innerWidth && r.bottom <= innerHeight;
  const shown = [...document.querySelectorAll(unit)].filter((n) => inside(n.getBoundingClientRect()));
  const text = (n) => n.querySelector('.note-text, .result-title, .group-title') || n;
  const sizes = shown.map((n) => parseFloat(getComputedStyle(text(n)).fontSize));
  return {
    page: Number(screen.dataset.page || 1), pages: Number(screen.dataset.pages || 1),
    ids: shown.map((n) => (n.dataset.kind || '') + n.dataset.id), smallest: sizes.length ? Math.min(...sizes) : null,
    scrolls: (${SCROLLS})(),
  };
}"""

# Whether a script could scroll the document (even by one pixel, with the scroll bar
# hidden), and if so the elements that stick out of the window, to name the cause.
_SCROLLS = """() => {
  const doc = document.scrollingElement;
  if (doc.scrollHeight <= innerHeight && doc.scrollWidth <= innerWidth) return null;
  const out = [...document.querySelectorAll('body *')].filter((n) => {
    const r = n.getBoundingClientRect();
    return (r.width || r.height) && (r.bottom > innerHeight || r.right > innerWidth);
  }).slice(0, 5).map((n) => `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}`);
  return `scrollHeight ${doc.scrollHeight} / innerHeight ${innerHeight}, `
    + `scrollWidth ${doc.scrollWidth} / innerWidth ${innerWidth}; sticking out: ${out.join(', ') || 'nothing'}`;
}"""
_PAGE = _PAGE.replace("${SCROLLS}", _SCROLLS)


def settle(page) -> None:
    """Fonts loaded, the debounced redraw done and one frame painted."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise((r) => setTimeout(r, 120)))"
                  ".then(() => new Promise((r) => requestAnimationFrame(() => r())))")


def pages_of(page, unit: str) -> list[dict]:
    """What every page of the wall shows (one rotation), starting from the page showing."""
    settle(page)
    first = page.evaluate(_PAGE, unit)
    seen = [first]
    for _ in range(first["pages"] - 1):
        before = seen[-1]["page"]
        page.keyboard.press("PageDown")
        expect(page.locator("#screen")).not_to_have_attribute("data-page", str(before))
        settle(page)
        seen.append(page.evaluate(_PAGE, unit))
    return seen


def uncovered(page, selector: str) -> bool:
    """The element is on screen and nothing is drawn over its middle."""
    return page.evaluate("""(sel) => {
      const node = document.querySelector(sel);
      const r = node.getBoundingClientRect();
      if (!r.width || r.right > innerWidth || r.bottom > innerHeight || r.left < 0 || r.top < 0) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit === node || node.contains(hit);
    }""", selector)


def scroll_overflow(page) -> str | None:
    """None when the document cannot scroll at all; otherwise by how much, and what sticks out."""
    return page.evaluate(_SCROLLS)
