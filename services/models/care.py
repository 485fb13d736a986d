"""Care tables: one care plan per elder, the outbound call jobs the scheduler works, each call
attempt (接通率), and the escalations a community worker closes with a visit."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.models.base import Base, UTCDateTime, utcnow


class CarePlan(Base):
    __tablename__ = "care_plans"

    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.elder_id"), primary_key=True)
    risk_group: Mapped[str] = mapped_column(String(8), index=True)  # 独居 / 失能 / 高龄 / 一般
    cadence_days: Mapped[int] = mapped_column(Integer)
    call_time: Mapped[str] = mapped_column(String(5))  # local "HH:MM", start of the call window
    quiet_start: Mapped[str] = mapped_column(String(5), default="21:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="08:00")
    channels: Mapped[list[str]] = mapped_column(JSON)  # phone, speaker, widget: tried in this order
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pause_reason: Mapped[str | None] = mapped_column(String(20))  # hospital / request
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    missed_calls: Mapped[int] = mapped_column(Integer, default=0)  # unanswered in a row
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CareJob(Base):
    """One check-in or 回访 to get through; retried until answered or the ladder runs out."""

    __tablename__ = "care_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # checkin-<elder>-<due date> / followup-<order>: planning twice never makes two jobs.
    key: Mapped[str] = mapped_column(String(60), unique=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.elder_id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # checkin / followup
    about_order_id: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending/claimed/done/missed/cancelled
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # calls placed
    claims: Mapped[int] = mapped_column(Integer, default=0)  # a claim whose worker died counts here only
    worker: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CareCall(Base):
    """One call placed: its outcome (answered / no_answer / busy / rejected / failed)."""

    __tablename__ = "care_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("care_jobs.id"), index=True)
    elder_id: Mapped[str] = mapped_column(String(8), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(12))
    worker: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CareEscalation(Base):
    """Missed check-ins or a red flag: a visit order that stays open until the visit is recorded."""

    __tablename__ = "care_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.elder_id"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("care_jobs.id"))
    reason: Mapped[str] = mapped_column(String(12))  # missed / red_flag
    order_id: Mapped[str | None] = mapped_column(String(8))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    first_missed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visit_note: Mapped[str | None] = mapped_column(Text)
