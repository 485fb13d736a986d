"""A durable local outbox for work orders the dispatch service did not take.

When dispatch is down, a booking is written here (SQLite, synchronous=FULL,
committed before the caller hears anything) and a background thread delivers
it later with the same Idempotency-Key, so the dispatch service creates it
exactly once however many times delivery is tried.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered_at REAL,
    order_id TEXT,
    failed TEXT
)
"""
# Local references are 9, the instance digit and six digits of sequence: an operator can tell them
# from order ids, and two action-server replicas never hand out the same 登记号.
REFERENCE_PREFIX = "9"


def reference(instance: int, seq: int) -> str:
    """The 登记号 a caller hears for the outbox row ``seq`` of replica ``instance``."""
    return f"{REFERENCE_PREFIX}{instance}{seq % 1_000_000:06d}"


@dataclass
class OutboxItem:
    seq: int
    key: str
    body: dict
    instance: int = 0

    @property
    def reference(self) -> str:
        return reference(self.instance, self.seq)


class Outbox:
    def __init__(self, path: Path, instance: int = 0):
        if not 0 <= instance <= 9:
            raise ValueError(f"outbox instance must be one digit, not {instance}")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.instance = path, instance
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        return db

    def add(self, key: str, body: dict) -> OutboxItem:
        """Store a request durably; adding the same key twice keeps the first."""
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, body, created_at) VALUES (?, ?, ?)",
                (key, json.dumps(body, ensure_ascii=False), time.time()),
            )
            seq, stored = db.execute(
                "SELECT seq, body FROM outbox WHERE idempotency_key = ?", (key,)
            ).fetchone()
        return OutboxItem(seq, key, json.loads(stored), self.instance)

    def pending(self) -> List[OutboxItem]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT seq, idempotency_key, body FROM outbox "
                "WHERE delivered_at IS NULL AND failed IS NULL ORDER BY seq"
            ).fetchall()
        return [OutboxItem(seq, key, json.loads(body), self.instance) for seq, key, body in rows]

    def mark(self, item: OutboxItem, *, order_id: Optional[str] = None, failed: Optional[str] = None) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, delivered_at = ?, order_id = ?, failed = ? "
                "WHERE seq = ?",
                (time.time() if order_id else None, order_id, failed, item.seq),
            )

    def count_attempt(self, item: OutboxItem) -> None:
        with self._lock, self._connect() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", (item.seq,))

    def delivered_order(self, key: str) -> Optional[str]:
        with self._connect() as db:
            row = db.execute("SELECT order_id FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return row[0] if row else None


class OutboxWorker(threading.Thread):
    """Delivers pending items with ``send(item) -> order_id`` until stopped.

    ``send`` raises ServiceUnavailable to mean "try again later" and ApiError
    for a refusal that no retry will change (the item is then parked as
    failed for an operator, never dropped silently).
    """

    def __init__(self, outbox: Outbox, send: Callable[[OutboxItem], str], interval_s: float = 2.0):
        super().__init__(name="outbox-worker", daemon=True)
        self.outbox = outbox
        self.send = send
        self.interval_s = interval_s
        self._stop_event = threading.Event()
        self.wake = threading.Event()

    def deliver_pending(self) -> int:
        """One pass over the outbox; returns how many items were delivered."""
        from actions.clients.http import ApiError, ServiceUnavailable

        delivered = 0
        for item in self.outbox.pending():
            try:
                order_id = self.send(item)
            except ServiceUnavailable as exc:
                self.outbox.count_attempt(item)
                log.info("outbox: dispatch still unavailable (%s)", exc)
                break
            except ApiError as exc:
                log.error("outbox: item %s refused: %s", item.reference, exc)
                self.outbox.mark(item, failed=str(exc))
                continue
            self.outbox.mark(item, order_id=order_id)
            delivered += 1
            log.info("outbox: item %s delivered as order %s", item.reference, order_id)
        return delivered

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.deliver_pending()
            except Exception:  # noqa: BLE001 - the worker must outlive any one failure
                log.exception("outbox: delivery pass failed")
            self.wake.wait(self.interval_s)
            self.wake.clear()

    def stop(self) -> None:
        self._stop_event.set()
        self.wake.set()
