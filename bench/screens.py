"""Simulated screens (phones, projector, facilitator) and what they record.

A note's client id carries who sent it and when: ``n<phone>x<seq>x<send time in µs>``
(client ids may hold 8-64 of ``A-Z a-z 0-9 _ -``). Every screen that receives the
note computes send-to-screen latency from it without asking anyone.
"""
from __future__ import annotations

import asyncio
import random
from array import array
from collections import Counter, defaultdict

from .eio import HandshakeRefused, Socket, http_get, now


def note_cid(phone: int, seq: int, sent: float) -> str:
    return f"n{phone}x{seq}x{int(sent * 1e6)}"


def parse_cid(cid: str) -> tuple[int, float] | None:
    if not cid or cid[0] != "n":
        return None
    phone, _seq, micros = cid[1:].split("x")
    return int(phone), int(micros) / 1e6


class Recorder:
    """Everything one process measured; merged by the coordinator."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.lat: defaultdict[str, array] = defaultdict(lambda: array("d"))
        self.counts: Counter = Counter()
        self.errors: Counter = Counter()
        self.receipts: Counter = Counter()     # note id -> screens that got it
        self.acked: dict[str, int] = {}         # cid -> note id (notes acknowledged ok)
        self.sent_at: dict[int, float] = {}     # note id -> send time
        self.board_counts: list[tuple[int, float]] = []   # projector: (note_count, arrived)
        self.vote_cids: list[str] = []          # dots acknowledged ok
        self.first_arrival = None
        self.last_arrival = 0.0
        self.leaks = 0                          # another person's note seen while hidden
        self.extra: dict = {}

    def export(self) -> dict:
        return {"lat": {k: v for k, v in self.lat.items()}, "counts": dict(self.counts),
                "errors": dict(self.errors), "receipts": dict(self.receipts),
                "acked": self.acked, "sent_at": self.sent_at,
                "board_counts": self.board_counts, "vote_cids": self.vote_cids,
                "first_arrival": self.first_arrival, "last_arrival": self.last_arrival,
                "leaks": self.leaks, "extra": self.extra}


class Screen:
    """One simulated screen: a phone (role participant), the projector or the facilitator."""

    def __init__(self, index: int, role: str, host: str, port: int, rec: Recorder,
                 auth: dict, join_path: str | None = None, compression: bool = True) -> None:
        self.index = index
        self.role = role
        self.host = host
        self.port = port
        self.rec = rec
        self.auth = auth
        self.join_path = join_path
        self.compression = compression
        self.cookie = ""
        self.socket: Socket | None = None
        self.known: dict[int, int] = {}
        self.snapshot = None
        self.snapshot_at = 0.0
        self.snapshot_size = 0
        self.got_snapshot = asyncio.Event()
        self.seq = 0
        self.hidden = False
        self.last_progress = None
        self.presence = None
        self.note_ids: set[int] = set()
        self.frames = [0, 0]

    # -- connecting -------------------------------------------------------------------
    async def join(self, timeout: float = 60.0) -> dict:
        """Load the join page (cookie), then connect and wait for the snapshot."""
        times = {"busy": 0}
        start = now()
        deadline = start + timeout
        if self.join_path:
            while True:
                status, cookies, size = await http_get(self.host, self.port, self.join_path,
                                                       self.cookie, timeout)
                # 503 is the server's "busy, try again" (Retry-After: 2, Refresh: 2), which
                # a phone's browser follows; anything else is a failure.
                if status != 503 or now() + 2.0 > deadline:
                    break
                times["busy"] += 1
                await asyncio.sleep(2.0)
            if status != 200:
                raise RuntimeError(f"join page HTTP {status}")
            if cookies:
                self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            times["http"] = now() - start
            times["page_bytes"] = size
        while True:
            try:
                await self.connect(max(1.0, deadline - now()))
                break
            except HandshakeRefused as error:
                # live.js asks again in 1-3 s when the handshake is refused "busy".
                if "busy" not in str(error) or now() + 2.0 > deadline:
                    raise
                times["busy"] += 1
                await asyncio.sleep(2.0)
        times["socket"] = self.snapshot_at - start - times.get("http", 0.0)
        times["total"] = self.snapshot_at - start
        return times

    async def connect(self, timeout: float = 60.0) -> None:
        if self.socket is not None:
            self.frames[0] += self.socket.frames_in
            self.frames[1] += self.socket.frames_out
        self.got_snapshot = asyncio.Event()
        self.socket = Socket(self.on_event)
        await self.socket.open(self.host, self.port, self.auth, self.cookie,
                               compression=self.compression, timeout=timeout)
        await asyncio.wait_for(self.got_snapshot.wait(), timeout)

    def drop(self) -> None:
        if self.socket is not None:
            self.socket.drop()

    @property
    def lost(self) -> bool:
        """Whether this screen has no open socket (its server or connection went away)."""
        return self.socket is None or self.socket.closed

    async def reconnect(self, timeout: float = 60.0) -> int:
        """Connect again as socket.io-client does after losing its server: retry every
        ~0.5-1 s until a snapshot arrives or ``timeout`` passes. Returns the attempts."""
        deadline = now() + timeout
        attempts = 0
        while True:
            attempts += 1
            try:
                await self.connect(max(1.0, deadline - now()))
                return attempts
            except (OSError, ConnectionError, HandshakeRefused, asyncio.TimeoutError) as error:
                if now() >= deadline or (isinstance(error, HandshakeRefused)
                                         and "busy" not in str(error)):
                    raise
                await asyncio.sleep(0.5 + random.random() * 0.5)

    def frame_counts(self) -> tuple[int, int]:
        if self.socket is None:
            return tuple(self.frames)
        return self.frames[0] + self.socket.frames_in, self.frames[1] + self.socket.frames_out

    # -- what arrives -----------------------------------------------------------------
    def on_event(self, name: str, payload, size: int, arrived: float) -> None:
        rec = self.rec
        rec.counts["in:" + name] += 1
        if name == "note:created":
            note = payload["note"]
            rec.receipts[note["id"]] += 1
            self.note_ids.add(note["id"])
            if rec.first_arrival is None:
                rec.first_arrival = arrived
            rec.last_arrival = arrived
            origin = parse_cid(note.get("cid"))
            if origin is not None:
                sender, sent = origin
                if self.role == "participant":
                    if sender == self.index:
                        rec.lat["own_screen"].append(arrived - sent)
                    else:
                        rec.lat["phone_screen"].append(arrived - sent)
                        if self.hidden:
                            rec.leaks += 1
                else:
                    rec.lat[self.role + "_screen"].append(arrived - sent)
            version = payload.get("version")
            if version is not None:
                board = payload["board_id"]
                known = self.known.get(board, 0)
                if version <= known:
                    rec.counts["duplicate_versions"] += 1
                elif version == known + 1:
                    self.known[board] = version
                else:
                    rec.counts["version_gaps"] += 1  # a real client would wait, then resync
                    self.known[board] = version
        elif name == "board:count":
            origin = parse_cid(payload.get("cid"))
            if origin is not None:  # the bare relay says which note it counted
                rec.lat["projector_screen"].append(arrived - origin[1])
                rec.counts["projector_counts"] += 1
            else:
                rec.board_counts.append((payload["note_count"], arrived))
        elif name == "snapshot":
            self.note_ids = set()  # notes that arrived live since this snapshot
            self.snapshot = payload
            self.snapshot_at = arrived
            self.snapshot_size = size
            for board in payload.get("boards", []):
                self.known[board["id"]] = board.get("version", 0)
                self.hidden = bool(board.get("settings", {}).get("notes_hidden"))
            self.got_snapshot.set()
        elif name == "votes:progress":
            self.last_progress = payload
        elif name == "presence":
            self.presence = payload.get("count")
        elif name in ("board:state", "board:grouped", "board:timer_updated"):
            version = payload.get("version")
            if version is not None:
                self.known[payload["board_id"]] = max(self.known.get(payload["board_id"], 0),
                                                      version)
            if name == "board:state":
                self.hidden = bool(payload["board"]["settings"].get("notes_hidden"))

    # -- requests ---------------------------------------------------------------------
    def post_note(self, board_id: int, text: str, timeout: float = 30.0) -> asyncio.Task:
        self.seq += 1
        sent = now()
        cid = note_cid(self.index, self.seq, sent)
        return asyncio.get_running_loop().create_task(
            self._request("note", "note:create", {"board_id": board_id, "text": text, "cid": cid},
                          sent, cid, timeout))

    def place_dot(self, board_id: int, item: dict, cid: str, timeout: float = 30.0,
                  kind: str = "vote") -> asyncio.Task:
        return asyncio.get_running_loop().create_task(
            self._request(kind, "vote:add", {"board_id": board_id, "item": item, "cid": cid},
                          now(), cid, timeout))

    async def _request(self, kind: str, event: str, payload: dict, sent: float, cid: str,
                       timeout: float):
        rec = self.rec
        rec.counts["sent:" + event] += 1
        try:
            result, arrived = await self.socket.call(event, payload, timeout)
        except asyncio.TimeoutError:
            rec.errors[f"{kind}:timeout"] += 1
            return None
        except ConnectionError:
            rec.errors[f"{kind}:closed"] += 1
            return None
        rec.lat[f"{kind}_ack"].append(arrived - sent)
        rec.lat[f"{kind}_ack_sent"].append(sent)  # when in the run (the tail over time)
        if not result or not result.get("ok"):
            code = (result or {}).get("error", {}).get("code", "?")
            rec.errors[f"{kind}:{code}"] += 1
            return result
        if kind == "note":
            rec.acked[cid] = result["note"]["id"]
            rec.sent_at[result["note"]["id"]] = sent
        elif kind == "vote":
            rec.vote_cids.append(cid)
            if result.get("duplicate"):
                rec.counts["vote_duplicate_answered"] += 1
        elif kind == "revote":
            rec.counts["revote_" + ("duplicate" if result.get("duplicate") else "new")] += 1
        return result


TEXTS = ["Raskere svar på e-post fra kommunen", "Felles innbyggerportal for alle tjenester",
         "Flere møteplasser i nærmiljøet", "Bedre kollektivtilbud på kveldstid",
         "Enklere søknad om barnehageplass", "Mer åpenhet om budsjettprosessen",
         "Digitale tjenester som fungerer på mobil", "Kortere ventetid hos fastlegen"]


WORDS = ("kommune innbygger tjeneste skole barnehage helse eldre ungdom vei buss sykkel "
         "bibliotek idrett kultur natur fjord havn marked næring arbeid bolig tomt plan "
         "budsjett skatt avgift søknad svar frist møte digital portal app nett skjema "
         "ventetid fastlege sykehjem hjemmetjeneste rus psykisk frivillig lag forening "
         "nærmiljø lekeplass gatelys brøyting parkering kollektiv kveld helg sommer vinter "
         "trygghet åpenhet tillit samarbeid dialog medvirkning informasjon språk tolk "
         "bedre flere enklere raskere kortere billigere tryggere grønnere mer mindre ny "
         "felles lokal hele alle mange noen egen god viktig mulig").split()


def note_text(rng: random.Random, long: bool = False) -> str:
    """A note: a known phrase with a number, or (``long``) a varied sentence of
    10-280 characters, so that compression sees text as varied as a real board's."""
    if not long:
        return f"{rng.choice(TEXTS)} ({rng.randrange(1000)})"
    limit = rng.choice((40, 80, 120, 200, 280))
    words = [rng.choice(TEXTS)]
    while len(" ".join(words)) < limit - 12:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:280].capitalize()


async def connect_all(screens: list[Screen], offsets: list[float], t0: float,
                      timeout: float = 60.0) -> dict:
    """Each screen joins at ``t0 + its offset``; returns timings and failures."""
    rec_http, rec_socket, rec_total, failures = array("d"), array("d"), array("d"), Counter()
    done_at = array("d")
    page_bytes = 0
    busy = 0  # "busy, try again" answers the phones followed (and then got in)

    async def one(screen: Screen, offset: float) -> None:
        nonlocal page_bytes, busy
        delay = t0 + offset - now()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            times = await screen.join(timeout)
        except HandshakeRefused as error:
            failures[f"refused:{str(error)[:60]}"] += 1
            return
        except (asyncio.TimeoutError, TimeoutError):
            failures["timeout"] += 1
            return
        except Exception as error:  # noqa: BLE001 - every failure is counted by kind
            failures[type(error).__name__ + ":" + str(error)[:60]] += 1
            return
        busy += times["busy"]
        if "http" in times:
            rec_http.append(times["http"])
            page_bytes = times["page_bytes"]
        rec_socket.append(times["socket"])
        rec_total.append(times["total"])
        done_at.append(screen.snapshot_at)

    await asyncio.gather(*(one(s, o) for s, o in zip(screens, offsets)))
    return {"http": rec_http, "socket": rec_socket, "total": rec_total, "done_at": done_at,
            "failures": dict(failures), "page_bytes": page_bytes, "busy_retries": busy}
