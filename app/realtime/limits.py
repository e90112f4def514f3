"""Limits against floods: fixed windows counted in memory, or in Redis across workers.

Keys never hold an IP address in clear: addresses are hashed with the app's
secret key, and counters expire after their window, so nothing about a
visitor's address outlives a minute (see docs/security.md).
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import threading
import time
from dataclasses import dataclass


def _network(address: str | None) -> str:
    """What limits count as one address: IPv4 as it is, IPv6 as its /64."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "?"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per ``seconds``."""

    count: int
    seconds: int


class MemoryCounter:
    """Fixed-window counters for one process."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, int]] = {}
        # Plain counters (open sockets per address) live apart from the windows, so
        # forgetting old windows never forgets how many sockets an address holds.
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: Limit, cost: int = 1) -> bool:
        """Count one event; False when the window's limit is already reached."""
        window = int(time.time() // limit.seconds)
        with self._lock:
            start, count = self._windows.get(key, (window, 0))
            if start != window:
                start, count = window, 0
            if count + cost > limit.count:
                self._windows[key] = (start, count)
                return False
            self._windows[key] = (start, count + cost)
            if len(self._windows) > 100_000:  # forget old windows now and then
                self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
            return True

    def current(self, key: str, limit: Limit) -> int:
        """How many events the current window has counted."""
        window = int(time.time() // limit.seconds)
        with self._lock:
            start, count = self._windows.get(key, (window, 0))
            return count if start == window else 0

    def add(self, key: str, delta: int) -> int:
        """A plain counter (connections per address); returns the new value."""
        with self._lock:
            count = max(0, self._counts.get(key, 0) + delta)
            if count:
                self._counts[key] = count
            else:
                self._counts.pop(key, None)  # an address with no socket left holds no key
            return count


class RedisCounter:
    """Fixed-window counters shared by every worker through Redis."""

    def __init__(self, client, prefix: str) -> None:
        self.redis = client
        self.prefix = prefix

    def hit(self, key: str, limit: Limit, cost: int = 1) -> bool:
        window = int(time.time() // limit.seconds)
        name = f"{self.prefix}:limit:{key}:{window}"
        try:
            pipe = self.redis.pipeline()
            pipe.incrby(name, cost)
            pipe.expire(name, limit.seconds + 1)
            count, _ = pipe.execute()
        except Exception:  # noqa: BLE001 - Redis away: do not lock people out
            return True
        return count <= limit.count

    def current(self, key: str, limit: Limit) -> int:
        window = int(time.time() // limit.seconds)
        try:
            return int(self.redis.get(f"{self.prefix}:limit:{key}:{window}") or 0)
        except Exception:  # noqa: BLE001
            return 0

    def add(self, key: str, delta: int) -> int:
        name = f"{self.prefix}:count:{key}"
        try:
            pipe = self.redis.pipeline()
            pipe.incrby(name, delta)
            pipe.expire(name, 3600)
            value, _ = pipe.execute()
            return int(value)
        except Exception:  # noqa: BLE001
            return 0


class Limiter:
    """The configured limits, applied by the socket and HTTP glue."""

    def __init__(self, counter, secret: str, config: dict) -> None:
        self.counter = counter
        self._secret = secret.encode()
        self.notes = Limit(config["LIMIT_NOTES_PER_MINUTE"], 60)
        self.votes = Limit(config["LIMIT_VOTES_PER_SECOND"], 1)
        self.requests = Limit(config["LIMIT_REQUESTS_PER_SECOND"], 1)
        self.join_attempts = Limit(config["LIMIT_JOIN_ATTEMPTS_PER_MINUTE"], 60)
        self.join_attempts_address = Limit(
            config.get("LIMIT_JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE", 300), 60)
        self.connections_per_address = config["LIMIT_CONNECTIONS_PER_ADDRESS"]
        self.new_participants = Limit(
            config.get("LIMIT_NEW_PARTICIPANTS_PER_ADDRESS_PER_MINUTE", 1500), 60)
        self.joins = Limit(1_000_000, 60)  # counted to be shown, never refused

    def address_key(self, address: str | None) -> str:
        """An address as a short keyed hash: usable as a key, not reversible.

        An IPv6 address counts as its /64: one home or phone gets a whole /64 and
        can pick a fresh address in it for every request.
        """
        mac = hmac.new(self._secret, _network(address).encode(), hashlib.sha256)
        return mac.hexdigest()[:20]

    def allow(self, kind: str, key: str) -> bool:
        """Count one ``kind`` event ("notes", "votes", "requests", "join_attempts") for ``key``."""
        return self.counter.hit(f"{kind}:{key}", getattr(self, kind))

    def blocked(self, kind: str, key: str) -> bool:
        """Whether ``key`` has used up ``kind`` for this window, without counting."""
        return self.counter.current(f"{kind}:{key}", getattr(self, kind)) >= getattr(
            self, kind).count

    def _guess_buckets(self, address: str | None, visitor: str | None) -> list[tuple[str, str]]:
        # A whole venue shares one address: the address bucket is generous, and a
        # visitor with a session (the browser's cookie) has a small one of its own,
        # so one person's typos never lock the rest of the room out.
        buckets = [("join_attempts_address", self.address_key(address))]
        if visitor:
            buckets.append(("join_attempts", self.address_key(f"{address}|{visitor}")))
        return buckets

    def guessing_blocked(self, address: str | None, visitor: str | None) -> bool:
        """Whether wrong codes or links from this address (and visitor) are used up."""
        return any(self.blocked(kind, key) for kind, key in self._guess_buckets(address, visitor))

    def failed_guess(self, address: str | None, visitor: str | None) -> None:
        """Count one wrong code or link against the address and the visitor."""
        for kind, key in self._guess_buckets(address, visitor):
            self.allow(kind, key)

    def new_participant(self, address: str | None, workshop_id: int) -> bool:
        """One more anonymous participant from an address in a workshop; False beyond
        the limit (so one phone cannot pose as a whole room). Counts the workshop's
        joins per minute either way."""
        if not self.allow("new_participants", f"{self.address_key(address)}:w{workshop_id}"):
            return False
        self.allow("joins", f"w{workshop_id}")
        return True

    def joins_per_minute(self, workshop_id: int) -> int:
        """New participants of a workshop in the current minute (shown to the facilitator)."""
        return self.counter.current(f"joins:w{workshop_id}", self.joins)

    def connect(self, address: str | None) -> bool:
        """One more socket from an address; False (and not counted) beyond the limit."""
        key = f"conn:{self.address_key(address)}"
        if self.counter.add(key, 1) > self.connections_per_address:
            self.counter.add(key, -1)
            return False
        return True

    def disconnect(self, address: str | None) -> None:
        """One socket fewer from an address."""
        self.counter.add(f"conn:{self.address_key(address)}", -1)
