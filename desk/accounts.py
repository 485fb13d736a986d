"""Desk logins: bcrypt password hashes, sessions kept in the database, login throttling.

The cookie carries a random token; the table keeps only its SHA-256, so a copy of
the database logs nobody in. Each session has its own CSRF token, which the page
sends back in ``X-CSRF-Token`` on every state-changing request.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import bcrypt
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from services.models.base import utcnow
from services.models.desk import DeskLoginAttempt, DeskSession, DeskUser

ROLES = ("operator", "supervisor", "admin")
COOKIE = "e12349_desk"
_DUMMY = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds=10))  # same work for unknown logins


def hash_password(password: str, rounds: int = 12) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Who:
    """The logged-in user of one request."""

    id: int
    login: str
    name: str
    role: str
    csrf: str


def create_user(db: Session, login: str, name: str, role: str, password: str, rounds: int = 12) -> DeskUser:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if len(password) < 10:
        raise ValueError("a desk password needs at least 10 characters")
    user = DeskUser(login=login, name=name, role=role, password_hash=hash_password(password, rounds), active=True)
    db.add(user)
    db.flush()
    return user


def throttled(db: Session, login: str, max_failures: int, window_s: int) -> bool:
    since = utcnow() - timedelta(seconds=window_s)
    failures = db.scalar(select(func.count()).select_from(DeskLoginAttempt).where(
        DeskLoginAttempt.login == login, DeskLoginAttempt.ok.is_(False), DeskLoginAttempt.at >= since))
    return (failures or 0) >= max_failures


def check_password(db: Session, login: str, password: str) -> DeskUser | None:
    """The user when the password is right (the attempt is counted either way)."""
    user = db.scalar(select(DeskUser).where(DeskUser.login == login, DeskUser.active.is_(True)))
    hashed = user.password_hash.encode() if user else _DUMMY
    try:
        ok = bcrypt.checkpw(password.encode("utf-8"), hashed) and user is not None
    except ValueError:  # a malformed stored hash: nobody logs in with it
        ok = False
    db.add(DeskLoginAttempt(login=login[:40], ok=ok))
    return user if ok else None


def start_session(db: Session, user: DeskUser, ttl_s: int) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.execute(delete(DeskSession).where(DeskSession.expires_at < now))  # tidy expired ones on the way
    db.add(DeskSession(token_hash=_digest(token), user_id=user.id, csrf=secrets.token_urlsafe(24),
                       expires_at=now + timedelta(seconds=ttl_s)))
    return token


def session_user(db: Session, token: str | None) -> Who | None:
    if not token or len(token) > 100:
        return None
    row = db.execute(select(DeskSession, DeskUser).join(DeskUser, DeskUser.id == DeskSession.user_id).where(
        DeskSession.token_hash == _digest(token))).first()
    if row is None:
        return None
    session, user = row
    if session.expires_at < utcnow() or not user.active:
        return None
    return Who(user.id, user.login, user.name, user.role, session.csrf)


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(DeskSession).where(DeskSession.token_hash == _digest(token)))
