"""The widget's conversations, kept server-side in SQLite.

A reload shows the history and a gateway restart loses nothing: every user
message is written before it goes to Rasa, every answer before the page sees
it. A message the page sends again with the same client id (a retry after a
lost connection) is found here instead of reaching Rasa twice.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender TEXT NOT NULL,
    role TEXT NOT NULL,            -- user | assistant | notice
    kind TEXT NOT NULL,            -- text | voice | button
    text TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',  -- buttons, order number, ...
    client_id TEXT,
    reply_to INTEGER,
    created_at REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_client ON messages (sender, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender, id);
"""


@dataclass
class Message:
    id: int
    sender: str
    role: str
    kind: str
    text: str
    extra: dict = field(default_factory=dict)
    client_id: str | None = None
    reply_to: int | None = None
    created_at: float = 0.0

    def public(self) -> dict:
        """What the page gets (the sender id is the page's own; no need to echo it)."""
        return {"id": self.id, "role": self.role, "kind": self.kind, "text": self.text, "extra": self.extra,
                "client_id": self.client_id, "reply_to": self.reply_to, "created_at": self.created_at}


class Transcript:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # acknowledged means on disk
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, args: tuple) -> list[Message]:
        with self._lock:
            rows = self._db.execute(f"SELECT id, sender, role, kind, text, extra, client_id, reply_to, created_at "
                                    f"FROM messages {sql}", args).fetchall()
        return [Message(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8]) for r in rows]

    def add(self, sender: str, role: str, text: str, kind: str = "text", extra: dict | None = None,
            client_id: str | None = None, reply_to: int | None = None) -> Message:
        now = time.time()
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO messages (sender, role, kind, text, extra, client_id, reply_to, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sender, role, kind, text, json.dumps(extra or {}, ensure_ascii=False), client_id, reply_to, now))
        return Message(cursor.lastrowid, sender, role, kind, text, extra or {}, client_id, reply_to, now)

    def by_client_id(self, sender: str, client_id: str) -> Message | None:
        found = self._rows("WHERE sender = ? AND client_id = ?", (sender, client_id))
        return found[0] if found else None

    def replies(self, message_id: int) -> list[Message]:
        return self._rows("WHERE reply_to = ? ORDER BY id", (message_id,))

    def get(self, sender: str, message_id: int) -> Message | None:
        found = self._rows("WHERE sender = ? AND id = ?", (sender, message_id))
        return found[0] if found else None

    def history(self, sender: str, limit: int = 200) -> list[Message]:
        """The latest ``limit`` messages of one conversation, oldest first."""
        newest = self._rows("WHERE sender = ? ORDER BY id DESC LIMIT ?", (sender, limit))
        return list(reversed(newest))
