"""What the embedded server prints in its terminal: links and QR codes."""
from __future__ import annotations

import sys

from . import qr


class Announcer:
    """Prints the start page on start-up and each new workshop's links."""

    def __init__(self, public_url: str, draw_qr: bool = True, out=None) -> None:
        self.public_url = public_url
        self.draw_qr = draw_qr
        self.out = out or sys.stdout

    def _print(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def started(self, app) -> None:
        """Where to begin, printed once the app is built."""
        self._print(f"Verksted kjører / is running ({app.config['ASYNC_MODE']}, "
                    f"database: {app.config['DATABASE_URL'].split('://')[0]}).")
        self._print(f"  Start / create a workshop:  {self.public_url}/")
        self._print(f"  Phones join at:             {self.public_url}/  (type the code)")
        if self.draw_qr:
            self._print(qr.terminal(f"{self.public_url}/"))
        self._print("Press Ctrl+C to stop.")

    def workshop_created(self, title: str, facilitator_url: str, join_url: str) -> None:
        """A workshop was created: print its facilitator link and join QR code."""
        self._print()
        self._print(f"New workshop: {title}")
        self._print(f"  Facilitator link (keep it secret): {facilitator_url}")
        self._print(f"  Join link for phones:              {join_url}")
        if self.draw_qr:
            self._print(qr.terminal(join_url))
