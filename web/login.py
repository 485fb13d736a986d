"""Who is using the widget: a login with a password, kept as a server-side session.

The page never says who the user is; the gateway does, from (first match):
- ``widget_login``: a fixed login for every visitor, a development switch (bin/run's demo), off by default;
- ``widget_login_header``: the header an authenticating reverse proxy sets (the gateway must not be
  reachable except through that proxy);
- its own session: ``POST /api/login`` checks the password against ``widget_users``
  ("login:<bcrypt hash>", bcrypt being a maintained password-hashing library) and sets an
  HttpOnly, SameSite=Strict cookie naming a random server-side session.
The login then reaches Rasa signed with ``widget_secret`` (assistant/rasa_client.py).
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time

import bcrypt

COOKIE = "e12349_session"
SESSION_TTL_S = 8 * 3600
MAX_FAILURES = 5  # wrong passwords per login per window, then 429 until the window passes
FAILURE_WINDOW_S = 900
_DUMMY = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds=10))  # same work for unknown logins


def hash_password(password: str, rounds: int = 12) -> str:
    """The ``widget_users`` form of a password: ``login:`` + this."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode()


class Accounts:
    def __init__(self, entries: tuple[str, ...]):
        self.hashes: dict[str, bytes] = {}
        for entry in entries:
            login, _, hashed = entry.partition(":")
            if login.strip() and hashed.strip():
                self.hashes[login.strip()] = hashed.strip().encode()
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def locked(self, login: str) -> bool:
        now = time.monotonic()
        with self.lock:
            recent = [t for t in self.failures.get(login, []) if now - t < FAILURE_WINDOW_S]
            self.failures[login] = recent
            return len(recent) >= MAX_FAILURES

    def check(self, login: str, password: str) -> bool:
        """Password right for this login; a wrong one counts towards the lock."""
        hashed = self.hashes.get(login)
        try:
            ok = bcrypt.checkpw(password.encode("utf-8"), hashed or _DUMMY) and hashed is not None
        except ValueError:  # a malformed hash in the settings: nobody logs in with it
            ok = False
        if not ok:
            with self.lock:
                self.failures.setdefault(login, []).append(time.monotonic())
        return ok


class Sessions:
    """Random session ids → login, in memory (a restart asks users to log in again)."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[str, float]] = {}
        self.lock = threading.Lock()

    def start(self, login: str) -> str:
        session_id = secrets.token_urlsafe(32)
        with self.lock:
            self.by_id[session_id] = (login, time.monotonic() + SESSION_TTL_S)
        return session_id

    def login(self, session_id: str | None) -> str:
        if not session_id:
            return ""
        with self.lock:
            login, expires = self.by_id.get(session_id, ("", 0.0))
            if login and time.monotonic() > expires:
                del self.by_id[session_id]
                return ""
        return login

    def end(self, session_id: str | None) -> None:
        with self.lock:
            self.by_id.pop(session_id or "", None)


def conversation_tag(session_id: str) -> str:
    """Part of the Rasa conversation id: logging in (or out) starts a new conversation, so the
    identity Rasa read at the session's start is always the current one."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:12]
