"""``python -m app --workers N``: several worker processes behind one port.

The parent starts N workers (``python -m app`` each, on the next N ports)
and forwards the public port to them with a small TCP proxy that keeps each
client address on one worker (IP hash), which Socket.IO's long-polling
fallback needs. If a worker dies its clients are sent to the next one and
the worker is restarted. For production put nginx in front instead
(``deploy/nginx.conf``); this is for running several workers on one machine.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import zlib

RESTART_DELAY = 1.0


class Cluster:
    """The worker processes and the proxy in front of them."""

    def __init__(self, host: str, port: int, workers: int, worker_args: list[str]) -> None:
        self.host = host
        self.port = port
        self.ports = [port + 1 + i for i in range(workers)]
        self.worker_args = worker_args
        self.processes: dict[int, subprocess.Popen] = {}
        self.stopping = False

    def _spawn(self, port: int) -> None:
        command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                   "--quiet", *self.worker_args]
        self.processes[port] = subprocess.Popen(command, env={**os.environ,
                                                              "VERKSTED_WORKER": str(port)})

    async def _watch(self) -> None:
        while not self.stopping:
            for port, process in list(self.processes.items()):
                if process.poll() is not None and not self.stopping:
                    print(f"verksted: worker on port {port} exited ({process.returncode}); "
                          "restarting", file=sys.stderr, flush=True)
                    await asyncio.sleep(RESTART_DELAY)
                    self._spawn(port)
            await asyncio.sleep(0.5)

    def _order(self, address: str) -> list[int]:
        first = zlib.crc32(address.encode()) % len(self.ports)
        return self.ports[first:] + self.ports[:first]

    async def _forward(self, client_reader, client_writer) -> None:
        peer = client_writer.get_extra_info("peername") or ("?",)
        upstream = None
        for port in self._order(str(peer[0])):
            try:
                upstream = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                continue
        if upstream is None:
            client_writer.close()
            return
        up_reader, up_writer = upstream

        async def pipe(reader, writer) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        await asyncio.gather(pipe(client_reader, up_writer), pipe(up_reader, client_writer))

    async def run(self) -> None:
        """Start the workers and serve until interrupted."""
        for port in self.ports:
            self._spawn(port)
        server = await asyncio.start_server(self._forward, self.host, self.port, backlog=2048)
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        watcher = asyncio.create_task(self._watch())
        print(f"verksted: {len(self.ports)} workers on ports {self.ports[0]}–{self.ports[-1]}, "
              f"serving on {self.host}:{self.port}", flush=True)
        async with server:
            await stop.wait()
        self.stopping = True
        watcher.cancel()
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
