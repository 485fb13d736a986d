"""Dispatch tables: work orders, their notifications, providers, call records."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class Provider(Base):
    __tablename__ = "providers"

    provider_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(20), index=True)
    # Order types and home-care services offered: meal, emergency, 助洁, 助浴 ...
    services: Mapped[list[str]] = mapped_column(JSON)
    phone: Mapped[str] = mapped_column(String(20))


class Order(Base):
    __tablename__ = "orders"

    order_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    # The unique constraint is what makes concurrent duplicates safe.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # SHA-256 of the canonical request body: the same key with another body is refused.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    elder_id: Mapped[str | None] = mapped_column(ForeignKey("elders.elder_id"), index=True)
    type: Mapped[str] = mapped_column(String(12), index=True)
    priority: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("providers.provider_id"))
    feedback_score: Mapped[int | None] = mapped_column(Integer)
    feedback_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.order_id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    to_name: Mapped[str] = mapped_column(String(40))
    to_phone: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CallRecord(Base):
    __tablename__ = "call_records"

    call_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    caller: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(40))
    order_ids: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
