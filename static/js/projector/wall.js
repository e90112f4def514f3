// The wall's pages: fits the board in view to the screen (./fit.js), shows
// one page at a time with "Page 2 of 3", turns the pages by itself every few
// seconds (not while live updates are paused) and lets the person at the
// laptop step them with Page Up / Page Down or the arrow keys.
import { t } from '../i18n.js';
import { fit, unfit, showOnly, screenScale, floorPx } from './fit.js';

const NARROW = window.matchMedia('(max-width: 50rem)');
const DEFAULT_SECONDS = 15;

/** Seconds per page: ?rotate=N in the address (2–600), else 15. */
export function rotateSeconds(search = window.location.search) {
  const asked = Number(new URLSearchParams(search).get('rotate'));
  return Number.isFinite(asked) && asked >= 2 ? Math.min(asked, 600) : DEFAULT_SECONDS;
}

export class Wall {
  constructor({ screen, indicator, seconds = rotateSeconds() }) {
    this.screen = screen;
    this.indicator = indicator;
    this.ms = seconds * 1000;
    this.pages = [];
    this.index = 0;
    this.held = false;
    this.last = null;
    this.interval = null;
    this.restart();
    document.addEventListener('keydown', (event) => this.key(event));
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (this.last) this.layout(...this.last); }, 150);
    });
  }

  /**
   * Fit `area` to the screen. Options: max (px at 1920×1080), steps (ways to
   * draw the area, roomiest first), pinned (a unit shown on every page).
   */
  layout(area, options = {}) {
    this.last = [area, options];
    const started = performance.now();
    const units = area ? [...area.querySelectorAll('.fit-unit')] : [];
    this.area = area;
    this.units = units;
    this.pinned = options.pinned || null;
    if (!area) {
      this.pages = [];
    } else if (NARROW.matches) {
      unfit(area, units);
      this.pages = [units];
    } else {
      const scale = screenScale();
      const { size, pages } = fit(area, units, {
        max: Math.round((options.max || 52) * scale), floor: floorPx(units.length, scale),
        pinned: this.pinned, steps: options.steps,
      });
      area.dataset.fit = String(size);
      this.pages = pages;
    }
    this.index = Math.min(this.index, Math.max(0, this.pages.length - 1));
    this.show();
    // How long fitting took, for tests and docs/projector.md's measurements.
    this.screen.dataset.fitMs = String(Math.round(performance.now() - started));
  }

  show() {
    const total = this.pages.length;
    if (this.area && total > 1) {
      const shown = new Set(this.pages[this.index]);
      if (this.pinned) shown.add(this.pinned);
      showOnly(this.area, this.units, shown);
    }
    this.indicator.hidden = total < 2;
    this.indicator.textContent = total > 1 ? t('page_of', { n: this.index + 1, total }) : '';
    this.screen.dataset.page = String(this.index + 1);
    this.screen.dataset.pages = String(Math.max(1, total));
  }

  /** Go `delta` pages on (wrapping round). */
  step(delta) {
    const total = this.pages.length;
    if (total < 2) return;
    this.index = (this.index + delta + total) % total;
    this.show();
    if (this.area) {
      this.area.classList.remove('page-turn');
      void this.area.offsetWidth; // restart the (motion-safe) fade
      this.area.classList.add('page-turn');
    }
  }

  /** Stop or restart turning pages by itself (paused live updates hold the page too). */
  hold(held) {
    this.held = held;
    this.restart();
  }

  restart() {
    clearInterval(this.interval);
    this.interval = this.held ? null : setInterval(() => this.step(1), this.ms);
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const delta = { PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1 }[event.key];
    if (!delta || this.pages.length < 2) return;
    event.preventDefault();
    this.step(delta);
    this.restart(); // a page chosen by hand stays its full time
  }
}
