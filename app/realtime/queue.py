"""The Redis message queue between workers, with no silent loss.

python-socketio's Redis manager delivers each emit to the other workers over
Redis pub/sub, which keeps nothing: whatever is published while a worker's
subscription is down is gone for that worker. Its subscription drops when
Redis restarts, when the network blips, and when the worker reads too slowly
and Redis cuts it off (``client-output-buffer-limit pubsub``, 32 MB hard /
8 MB for 60 s by default). Stock, the worker then waits up to a minute
before it listens again and its screens never learn that they missed events.

Here every time a worker (re)subscribes after a loss it tells its own
clients ``sync:stale``; they fetch a fresh snapshot, which is read after the
subscription is back, so nothing falls between the two. A publish that
cannot reach Redis is retried for a few seconds; if it still fails, the
other workers are told ``sync:stale`` as soon as Redis answers again.
"""
from __future__ import annotations

import logging
import time

import socketio

from ..domain import events as ev

log = logging.getLogger(__name__)

PUBLISH_RETRY_SECONDS = 5.0
LISTEN_RETRY_SECONDS = 0.5


class ReliableRedisManager(socketio.RedisManager):
    """A Redis client manager that resynchronises screens after any loss."""

    def __init__(self, url: str, channel: str) -> None:
        super().__init__(url, channel=channel, redis_options={
            "socket_connect_timeout": 3, "health_check_interval": 10})
        self.owes_resync = False  # a publish was lost: other workers must resync

    def tell_local_clients_to_resync(self) -> None:
        """Every client of this worker: "you may have missed events, fetch a snapshot"."""
        socketio.Manager.emit(self, ev.SYNC_STALE, {}, namespace="/", room=None)

    def _send(self, data) -> None:
        if not self.connected:
            self._redis_connect()
        self.redis.publish(self.channel, self.json.dumps(data))

    def _publish(self, data):
        deadline = time.monotonic() + PUBLISH_RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                if self.owes_resync:
                    self._send({"method": "emit", "event": ev.SYNC_STALE, "data": [{}],
                                "binary": False, "namespace": "/", "room": None,
                                "skip_sid": None, "callback": None, "host_id": self.host_id})
                    self.owes_resync = False
                self._send(data)
                return
            except Exception as error:  # noqa: BLE001 - any Redis failure: reconnect and retry
                self.connected = False
                if time.monotonic() >= deadline:
                    log.error("message queue: publish lost after %.0f s (%s); other workers' "
                              "screens will be told to resync", PUBLISH_RETRY_SECONDS, error)
                    self.owes_resync = True
                    return
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _redis_listen_with_retries(self):
        first = True
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if not first:
                    log.warning("message queue: subscribed again; telling clients to resync")
                    self.tell_local_clients_to_resync()
                first = False
                yield from self.pubsub.listen()
            except Exception as error:  # noqa: BLE001 - any Redis failure: listen again
                log.error("message queue: subscription lost (%s); retrying", error)
                first = False
                time.sleep(LISTEN_RETRY_SECONDS)
