"""Client for the dispatch API (/dispatch/v1): work orders, with the outbox."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional

from actions.clients.http import ApiClient, ServiceUnavailable
from actions.clients.outbox import Outbox, OutboxItem, OutboxWorker


@dataclass
class OrderReceipt:
    """What the caller is told: an order id, or a local reference if queued."""

    number: str
    queued: bool
    order: Optional[dict] = None


_worker_lock = threading.Lock()
_workers: dict = {}


class DispatchClient(ApiClient):
    url_setting = "dispatch_url"
    prefix = "/dispatch/v1"

    def __init__(self, config=None, transport=None):
        super().__init__(config, transport)
        self.outbox = Outbox(self.config.outbox_path, self.config.outbox_instance)

    def _send_queued(self, item: OutboxItem) -> str:
        order = self.request_sync("POST", "/orders", json=item.body,
                                  headers={"Idempotency-Key": item.key})
        return order["order_id"]

    def worker(self) -> OutboxWorker:
        """The one delivery thread for this outbox file, started on first use."""
        key = str(self.outbox.path)
        with _worker_lock:
            worker = _workers.get(key)
            if worker is None or not worker.is_alive():
                worker = OutboxWorker(self.outbox, self._send_queued)
                worker.start()
                _workers[key] = worker
        return worker

    async def create_order(self, body: dict, idempotency_key: str) -> OrderReceipt:
        """Create a work order; if dispatch is unreachable, queue it durably."""
        try:
            order = await self.request("POST", "/orders", json=body,
                                       headers={"Idempotency-Key": idempotency_key})
        except ServiceUnavailable:
            item = self.outbox.add(idempotency_key, body)
            self.worker().wake.set()
            return OrderReceipt(number=item.reference, queued=True)
        return OrderReceipt(number=order["order_id"], queued=False, order=order)

    async def create_callback(self, *, reason: str, channel: str, transcript: list, idempotency_key: str,
                              elder_id: Optional[str] = None, phone: Optional[str] = None,
                              slots: Optional[dict] = None, extra: Optional[dict] = None) -> OrderReceipt:
        """A call-back request (order type ``callback``, P1) for when no operator can take the caller.

        ``reason``: asked_human, failed_turns, emergency, booking_failed, identity_failed,
        policy_not_found or other; ``transcript``: up to 50 {"who": "caller"|"bot", "text"} (≤ 500 chars each).
        """
        details = {"reason": reason, "channel": channel, "transcript": transcript, **(extra or {})}
        if phone:
            details["phone"] = phone
        if slots:
            details["slots"] = slots
        body = {"elder_id": elder_id, "type": "callback", "channel": channel, "details": details}
        return await self.create_order(body, idempotency_key)

    async def order(self, order_id: str) -> Optional[dict]:
        return await self.get_or_none(f"/orders/{order_id}")

    async def orders(self, elder_id: str, **filters: str) -> list:
        params = {"elder_id": elder_id, **{k: v for k, v in filters.items() if v}}
        return (await self.request("GET", "/orders", params=params))["items"]

    async def cancel(self, order_id: str) -> dict:
        return await self.request("POST", f"/orders/{order_id}/cancel")

    async def add_note(self, order_id: str, text: str) -> dict:
        """A later word of the caller onto an order (an emergency's location, who is with them)."""
        return await self.request("POST", f"/orders/{order_id}/notes", json={"text": text})
