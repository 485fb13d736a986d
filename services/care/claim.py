"""Claiming due jobs under the line and calls-per-minute caps, with a lease.

PostgreSQL: ``FOR UPDATE SKIP LOCKED`` hands each row to one worker only, and a transaction-scoped
advisory lock makes the cap counts exact across workers. SQLite: the write session's
``BEGIN IMMEDIATE`` already serialises claims. A claimed job whose lease runs out (its worker died)
is claimable again: it is retried, never lost.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from services.care.planner import callable_now
from services.care.policy import CarePolicy
from services.models import CareCall, CareJob, CarePlan

_PG_CLAIM_LOCK = 12350


def _budget(session: Session, now: datetime, policy: CarePolicy) -> int:
    in_flight = session.scalar(select(func.count()).select_from(CareJob).where(
        CareJob.status == "claimed", CareJob.lease_until > now)) or 0
    # Calls started in the last minute: the ones finished since, plus every call still going.
    recent = session.scalar(select(func.count()).select_from(CareCall).where(
        CareCall.at > now - timedelta(minutes=1))) or 0
    return max(0, min(policy.max_lines - in_flight, policy.calls_per_minute - recent - in_flight))


def claim(session: Session, worker: str, now: datetime, policy: CarePolicy, want: int | None = None) -> list[CareJob]:
    """Claim up to ``want`` due jobs for ``worker`` and commit; each gets a lease of policy.lease."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_CLAIM_LOCK})
    budget = _budget(session, now, policy)
    if want is not None:
        budget = min(budget, want)
    if budget <= 0:
        session.commit()
        return []
    due = or_(CareJob.status == "pending", (CareJob.status == "claimed") & (CareJob.lease_until <= now))
    query = (select(CareJob).where(due, CareJob.due_at <= now).order_by(CareJob.due_at, CareJob.id)
             .limit(budget).with_for_update(skip_locked=True))
    claimed = []
    for job in session.scalars(query):
        plan = session.get(CarePlan, job.elder_id)
        if not callable_now(plan, now):
            job.status, job.finished_at = "cancelled", now  # paused or do-not-call since it was planned
            continue
        if job.claims >= policy.max_claims:
            job.status, job.finished_at = "missed", now
            job.result = {**(job.result or {}), "error": "worker_lost"}
            continue
        job.status, job.worker, job.lease_until = "claimed", worker, now + policy.lease
        job.claims += 1
        claimed.append(job)
    session.commit()
    return claimed
