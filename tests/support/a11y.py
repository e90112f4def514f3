"""Accessibility checks for the browser tests: axe-core, focus visibility, reflow, text spacing.

axe-core (MPL-2.0, vendored unchanged from the npm registry under tests/vendor/axe-core/,
test-only) is put into the page with ``page.evaluate(source)``. That runs through the
DevTools protocol, which the page's Content-Security-Policy does not govern, while the page
itself keeps its real CSP: an injected ``<script>`` tag (``add_script_tag``) would be
refused by ``script-src 'self'``, and ``bypass_csp=True`` would check a page that is not
the one people get. The WCAG 1.4.12 text-spacing styles go in the same way, as a
constructed style sheet (``document.adoptedStyleSheets``), not as an inline ``<style>``.
"""
from __future__ import annotations

import json
from functools import cache

from .servers import ROOT

AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations', 'incomplete'],
  });
  const shape = (v, nodes) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200),
      summary: n.failureSummary || n.any.map((c) => c.message).join('; ') })),
    more: Math.max(0, nodes.length - 5),
  });
  // axe reports text whose colour equals its background ("1:1") as "needs review", on the
  // theory that it may be hidden on purpose. Here that is always a bug (a button's text
  // painted in the button's own colour), so it counts as a violation.
  const sameColour = result.incomplete.filter((v) => v.id === 'color-contrast')
    .map((v) => shape(v, v.nodes.filter((n) => n.any.some((c) => c.data && c.data.messageKey === 'equalRatio'))))
    .filter((v) => v.nodes.length);
  return [...result.violations.map((v) => shape(v, v.nodes)), ...sameColour];
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(_RUN, list(WCAG_TAGS))


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        if v["more"]:
            lines.append(f"    … and {v['more']} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {where}:\n{describe(violations)}"


# --- Focus ------------------------------------------------------------------------------

_FOCUS = """() => {
  const node = document.activeElement;
  if (!node || node === document.body) return null;
  const style = getComputedStyle(node);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return { tag: node.tagName.toLowerCase(), id: node.id, key: node.dataset.key || '',
    text: (node.innerText || node.value || node.getAttribute('aria-label') || '').trim().slice(0, 60),
    visible: Boolean(outline || shadow), outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    shadow: style.boxShadow, focusVisible: node.matches(':focus-visible') };
}"""


def focused(page) -> dict | None:
    """What has the keyboard focus, and whether its focus indicator is drawn."""
    return page.evaluate(_FOCUS)


def assert_focus_visible(page) -> dict:
    info = focused(page)
    assert info, "the focus fell to <body>"
    assert info["visible"], f"no visible focus indicator on {info}"
    return info


def tab_to(page, selector: str, *, limit: int = 150, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``.

    Every element passed on the way must show a visible focus indicator: this is how a
    keyboard user walks the page, so the focus order is exercised too.
    """
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = assert_focus_visible(page)
        seen.append(f"{info['tag']}#{info['id']}[{info['key']}] {info['text']!r}")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return info
    raise AssertionError(f"{key} never reached {selector}; passed:\n" + "\n".join(seen[-25:]))


# --- Reflow -----------------------------------------------------------------------------

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrollers = '.table-scroll, .report-chart, .menu';
  const wide = [];
  for (const node of document.querySelectorAll('body *')) {
    if (node.closest(scrollers)) continue;
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.right > width + 1 || box.left < -1) {
      const style = getComputedStyle(node);
      if (style.position === 'absolute' && node.closest('.visually-hidden, .skip-link, .ds-sr-only')) continue;
      wide.push(`${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}.${[...node.classList].join('.')}`
        + ` [${Math.round(box.left)}..${Math.round(box.right)}]`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    clientWidth: width, wide: wide.slice(0, 15) };
}"""


def assert_no_horizontal_scroll(page, where: str) -> None:
    """WCAG 1.4.10: nothing wider than the viewport, outside the charts' own scroll boxes."""
    info = page.evaluate(_OVERFLOW)
    assert info["scrollWidth"] <= info["innerWidth"] + 1 and not info["wide"], (
        f"{where} scrolls sideways at {info['innerWidth']} CSS px "
        f"(scrollWidth {info['scrollWidth']}):\n  " + "\n  ".join(info["wide"]))


# --- Text spacing (WCAG 1.4.12) --------------------------------------------------------

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, blockquote, label, legend, figcaption { margin-bottom: 2em !important; }
"""


def apply_text_spacing(page) -> None:
    """The WCAG 1.4.12 spacing, as a user style sheet would set it."""
    page.evaluate("""(css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }""", TEXT_SPACING_CSS)


_CLIPPED = """(selectors) => {
  const problems = [];
  for (const node of document.querySelectorAll(selectors)) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || node.closest('[hidden], .visually-hidden')) continue;
    const style = getComputedStyle(node);
    const name = `${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}.${[...node.classList].join('.')}`
      + ` ${JSON.stringify((node.innerText || node.value || '').trim().slice(0, 40))}`;
    if (node.scrollWidth > node.clientWidth + 1 && style.overflowX !== 'auto' && style.overflowX !== 'scroll') {
      problems.push(`${name}: text ${node.scrollWidth}px wide in a ${node.clientWidth}px box`);
    }
    if (node.scrollHeight > node.clientHeight + 1 && style.overflowY !== 'auto' && style.overflowY !== 'scroll') {
      problems.push(`${name}: text ${node.scrollHeight}px tall in a ${node.clientHeight}px box`);
    }
  }
  return problems;
}"""

KEY_TEXT = ", ".join([
    "button", "a.button", "label", "h1", "h2", "h3", ".note", ".note-text", ".phase-step",
    ".connection", ".timer", ".dots-left", ".vote-item", ".result-head", ".group-count",
    "textarea.group-title", ".menu-item", ".hint", ".field-error", "legend", ".alert",
    ".selection-bar", ".board-item", ".suggest-button", ".twin", "summary", "select",
])


def clipped_text(page, selectors: str = KEY_TEXT) -> list[str]:
    """Elements whose text no longer fits their box (clipped or spilling out)."""
    return page.evaluate(_CLIPPED, selectors)


def debug_json(value) -> str:  # pragma: no cover - for failure messages
    return json.dumps(value, indent=1, ensure_ascii=False)
