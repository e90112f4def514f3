"""Limits against floods: fixed windows counted in memory, or in Redis across workers.

Keys never hold an IP address in clear: addresses are hashed with the app's
secret key, and counters expire after their window, so nothing about a
visitor's address outlives a minute (see docs/security.md). Open sessions per
address are counted as a set of session ids, not a number: leaving twice
cannot count twice, and in Redis each member is a lease its worker renews, so
the sessions of a worker that died are forgotten within ``SESSION_LEASE``.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from dataclasses import dataclass

SESSION_LEASE = 120  # seconds a worker's open session stays counted without renewal


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
        # Sets (open sessions per address) live apart from the windows, so
        # forgetting old windows never forgets how many sessions an address holds.
        self._members: dict[str, set[str]] = {}
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

    def join(self, key: str, member: str, cap: int) -> bool:
        """Add ``member`` to the set ``key``; False (and not added) beyond ``cap``."""
        with self._lock:
            members = self._members.setdefault(key, set())
            if member not in members and len(members) >= cap:
                return False
            members.add(member)
            return True

    def leave(self, key: str, member: str) -> None:
        """Take ``member`` out of the set ``key`` (nothing if it is not there)."""
        with self._lock:
            members = self._members.get(key)
            if members is not None:
                members.discard(member)
                if not members:  # an address with no session left holds no key
                    del self._members[key]

    def size(self, key: str) -> int:
        """How many members the set ``key`` holds."""
        with self._lock:
            return len(self._members.get(key, ()))

    def renew(self, held: dict[str, list[str]]) -> None:
        """Nothing to renew: one process's sets end with the process."""


class RedisCounter:
    """Fixed-window counters shared by every worker through Redis."""

    def __init__(self, client, prefix: str, lease: float = SESSION_LEASE) -> None:
        self.redis = client
        self.prefix = prefix
        self.lease = lease

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

    def join(self, key: str, member: str, cap: int) -> bool:
        name = f"{self.prefix}:members:{key}"
        now = time.time()
        try:
            pipe = self.redis.pipeline()  # MULTI/EXEC: workers never interleave in here
            pipe.zremrangebyscore(name, "-inf", now)  # leases of workers that died
            pipe.zadd(name, {member: now + self.lease})
            pipe.zcard(name)
            pipe.expire(name, math.ceil(self.lease))
            count = pipe.execute()[2]
            if count > cap:
                self.redis.zrem(name, member)
                return False
        except Exception:  # noqa: BLE001 - Redis away: do not lock people out
            pass
        return True

    def leave(self, key: str, member: str) -> None:
        try:
            self.redis.zrem(f"{self.prefix}:members:{key}", member)
        except Exception:  # noqa: BLE001 - the lease runs out by itself
            pass

    def size(self, key: str) -> int:
        name = f"{self.prefix}:members:{key}"
        try:
            return int(self.redis.zcount(name, time.time(), "+inf"))
        except Exception:  # noqa: BLE001
            return 0

    def renew(self, held: dict[str, list[str]]) -> None:
        """Extend the leases of this worker's members (``key`` -> members), in one round trip."""
        if not held:
            return
        until = time.time() + self.lease
        try:
            pipe = self.redis.pipeline(transaction=False)
            for key, members in held.items():
                name = f"{self.prefix}:members:{key}"
                pipe.zadd(name, {member: until for member in members}, xx=True)
                pipe.expire(name, math.ceil(self.lease))
            pipe.execute()
        except Exception:  # noqa: BLE001 - tried again at the next renewal
            pass


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

    def _sessions_key(self, address: str | None) -> str:
        return f"sessions:{self.address_key(address)}"

    def connect(self, address: str | None, session: str) -> bool:
        """One more open session from an address; False (and not counted) beyond the cap."""
        return self.counter.join(self._sessions_key(address), session,
                                 self.connections_per_address)

    def disconnect(self, address: str | None, session: str) -> None:
        """A session from an address ended (counted once, however often it is told)."""
        self.counter.leave(self._sessions_key(address), session)

    def open_sessions(self, address: str | None) -> int:
        """How many sessions an address holds now (on every worker, with Redis)."""
        return self.counter.size(self._sessions_key(address))

    def renew(self, sessions: dict[str, str | None]) -> None:
        """Keep this worker's open sessions (session id -> address) counted."""
        held: dict[str, list[str]] = {}
        for session, address in sessions.items():
            held.setdefault(self._sessions_key(address), []).append(session)
        self.counter.renew(held)
