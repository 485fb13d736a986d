"""Operator desk tables: desk users and their sessions, hand-over items with their messages,
the emergency board, and the audit log of every look at an elder's personal data."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class DeskUser(Base):
    __tablename__ = "desk_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))  # shown to the elder when this operator writes
    role: Mapped[str] = mapped_column(String(12))  # operator | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(100))  # bcrypt
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeskSession(Base):
    """A login; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "desk_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeskLoginAttempt(Base):
    """Counted in the database so every desk process throttles the same login."""

    __tablename__ = "desk_login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class DeskItem(Base):
    """One hand-over waiting for, or worked by, an operator."""

    __tablename__ = "desk_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # live | callback | emergency
    channel: Mapped[str] = mapped_column(String(16))  # phone | widget | speaker | chat | rest
    conversation_id: Mapped[str | None] = mapped_column(String(120), index=True)  # live: Rasa's sender id
    order_id: Mapped[str | None] = mapped_column(String(8), unique=True)  # from a dispatch order
    elder_id: Mapped[str | None] = mapped_column(String(8), index=True)
    caller: Mapped[str | None] = mapped_column(String(40))  # a phone or device when nobody was identified
    reason: Mapped[str] = mapped_column(String(20))
    transcript: Mapped[list[Any]] = mapped_column(JSON, default=list)
    slots: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), index=True)  # waiting | taken | closed
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("desk_users.id"))
    disposition: Mapped[str | None] = mapped_column(String(12))  # resolved | callback | escalated | referred | abandoned
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeskMessage(Base):
    """A line of a worked item: the elder's and the operator's live messages, private notes, desk notices."""

    __tablename__ = "desk_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("desk_items.id"), index=True)
    who: Mapped[str] = mapped_column(String(10))  # elder | operator | note | system
    author_id: Mapped[int | None] = mapped_column(ForeignKey("desk_users.id"))
    author_name: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeskAlarm(Base):
    """An emergency (P0) order on the board until one operator acknowledges it."""

    __tablename__ = "desk_alarms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(String(8), unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("desk_items.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acked_by: Mapped[int | None] = mapped_column(ForeignKey("desk_users.id"))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # supervisors alerted
    contact_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # emergency contact notified


class DeskAudit(Base):
    """Who looked at which elder's personal data, and when (never deleted by the desk)."""

    __tablename__ = "desk_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("desk_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # open_item | …
    item_id: Mapped[int | None] = mapped_column(Integer)
    elder_id: Mapped[str | None] = mapped_column(String(8), index=True)
    client_ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
