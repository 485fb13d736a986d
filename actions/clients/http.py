"""One place for how the actions talk HTTP: bearer token, timeouts, retries.

Timeouts, connection failures and 5xx answers are retried with exponential
backoff (the request may not have reached the server, and every write we make
carries an idempotency key); 4xx answers are the caller's fault and are never
retried.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import httpx

from assistant.settings import Settings, settings as default_settings

log = logging.getLogger(__name__)


class ServiceUnavailable(Exception):
    """The service could not be reached or kept failing (timeouts, 5xx)."""


class ApiError(Exception):
    """The service refused the request (4xx); retrying would not help."""

    def __init__(self, status: int, detail: Any):
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


def _retryable(exc_or_status: Any) -> bool:
    if isinstance(exc_or_status, int):
        return exc_or_status >= 500
    return isinstance(exc_or_status, (httpx.TimeoutException, httpx.TransportError))


def _result(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise ApiError(response.status_code, detail)
    return response.json() if response.content else None


class ApiClient:
    """Base for the records, dispatch and policy clients.

    A subclass names the settings field holding its service's address and the
    API prefix; ``transport`` lets tests put an httpx transport underneath.
    """

    url_setting = ""
    prefix = ""

    def __init__(self, config: Optional[Settings] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None):
        self.config = config or default_settings
        self.base_url = getattr(self.config, self.url_setting).rstrip("/") + self.prefix
        self._transport = transport

    def _headers(self, extra: Optional[dict] = None) -> dict:
        headers = {"Authorization": f"Bearer {self.config.api_token}"}
        headers.update(extra or {})
        return headers

    def _delays(self):
        """Backoff before each retry: 0.2 s, 0.4 s, … (config.http_retries of them)."""
        return [self.config.http_backoff_s * (2 ** i) for i in range(self.config.http_retries)]

    async def request(self, method: str, path: str, *, params: Optional[dict] = None,
                      json: Any = None, headers: Optional[dict] = None) -> Any:
        url = self.base_url + path
        last: Any = None
        for delay in [0.0] + self._delays():
            if delay:
                await asyncio.sleep(delay)
            try:
                async with httpx.AsyncClient(timeout=self.config.http_timeout_s,
                                             transport=self._transport) as client:
                    response = await client.request(method, url, params=params, json=json,
                                                    headers=self._headers(headers))
            except Exception as exc:  # noqa: BLE001 - classified below
                if not _retryable(exc):
                    raise
                last = exc
                log.warning("%s %s failed: %s", method, path, type(exc).__name__)
                continue
            if _retryable(response.status_code):
                last = response.status_code
                log.warning("%s %s answered %s", method, path, response.status_code)
                continue
            return _result(response)
        raise ServiceUnavailable(f"{method} {url}: {last}")

    async def get_or_none(self, path: str) -> Any:
        """GET a resource; None when the service says it does not exist (404)."""
        try:
            return await self.request("GET", path)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

    def request_sync(self, method: str, path: str, *, json: Any = None,
                     headers: Optional[dict] = None) -> Any:
        """Blocking twin of ``request`` for the outbox worker thread (one try)."""
        with httpx.Client(timeout=self.config.http_timeout_s) as client:
            try:
                response = client.request(method, self.base_url + path, json=json,
                                          headers=self._headers(headers))
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                raise ServiceUnavailable(str(exc)) from exc
        if _retryable(response.status_code):
            raise ServiceUnavailable(f"HTTP {response.status_code}")
        return _result(response)
