"""A real HTTP proxy on loopback that misbehaves on demand, for fault tests and the soak.

Put between the action servers and the dispatch service; switch ``mode`` at any time:

    pass          forward the request, relay the answer
    refuse        stop listening: connections are refused, as when dispatch is down
    slow          wait ``slow_s`` (longer than the client's timeout), then forward anyway:
                  the order is created after the client gave up
    error_before  answer 500 without forwarding: nothing was created
    error_after   forward, let dispatch commit, then answer 500: the client thinks it
                  failed although the order exists (the Idempotency-Key must make its
                  retry harmless)

Standard library only (asyncio in a thread of its own), so the Rasa, services
and bench environments can all use it. One request per client connection,
which every HTTP client copes with.
"""
from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import Optional

from assistant.processes import free_port

MODES = ("pass", "refuse", "slow", "error_before", "error_after")
ERROR_BODY = b'{"detail": "fault proxy: injected server error"}'


class FaultProxy:
    def __init__(self, upstream_port: int, port: Optional[int] = None, slow_s: float = 4.5) -> None:
        self.upstream_port = upstream_port
        self.port = port or free_port()
        self.slow_s = slow_s
        self.mode = "pass"
        self.seen: Counter = Counter()  # requests by the mode they met; "forwarded" counts what reached dispatch
        self._loop = asyncio.new_event_loop()
        self._server: Optional[asyncio.base_events.Server] = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- control (any thread) ----------------------------------------------------------
    def start(self) -> FaultProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        self._call(self._switch(mode))

    def stop(self) -> None:
        self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _call(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    # -- inside the loop ---------------------------------------------------------------
    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _switch(self, mode: str) -> None:
        self.mode = mode
        if mode == "refuse":
            await self._close()
        else:
            await self._listen()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
            if request is None:
                return
            mode = self.mode
            self.seen[mode] += 1
            if mode == "error_before":
                writer.write(_error_response())
                return
            if mode == "slow":
                await asyncio.sleep(self.slow_s)
            answer = await self._forward(request)
            self.seen["forwarded"] += 1
            writer.write(_error_response() if mode == "error_after" else answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client gave up (slow mode): dispatch still got the request
        finally:
            writer.close()

    async def _forward(self, request: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            writer.write(request)
            await writer.drain()
            return await reader.read()  # until the upstream closes (we asked it to)
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> Optional[bytes]:
    """One request, re-headed with ``Connection: close`` so the upstream ends its answer with EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")[:-2]
    headers = [line for line in lines[1:] if not line.lower().startswith(("connection:", "keep-alive:"))]
    length = next((int(line.split(":", 1)[1]) for line in headers if line.lower().startswith("content-length:")), 0)
    body = await reader.readexactly(length) if length else b""
    return "\r\n".join([lines[0], *headers, "Connection: close", "", ""]).encode("latin-1") + body


def _error_response() -> bytes:
    return (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(ERROR_BODY)) + ERROR_BODY
