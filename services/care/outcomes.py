"""What a finished call does: the retry ladder, misses and escalation, red flags, and the 回访's
feedback and complaint. The job row changes first, in one transaction; orders are filed after it
with idempotency keys, so a worker dying in between leaves work that the next pass completes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.care.escalation import file_visit_order, open_escalation
from services.care.planner import call_time_for
from services.care.policy import CarePolicy
from services.common.db import Database
from services.dispatch import schemas, workflow
from services.models import CareCall, CareEscalation, CareJob, CarePlan, Order

MAX_RESULT_KEYS = 20


@dataclass
class CallResult:
    """A call's outcome; ``result`` holds what the conversation learnt (red_flag, transcript,
    delivered, score, comment), from the dialer or reported by the action server during the call."""

    outcome: str  # answered / no_answer / busy / rejected / failed
    channel: str = "phone"
    result: dict[str, Any] = field(default_factory=dict)


def report(session: Session, job_id: int, result: dict[str, Any]) -> CareJob | None:
    """The conversation's findings, merged into the job while its call is going (or just done)."""
    job = session.get(CareJob, job_id)
    if job is None:
        return None
    merged = {**(job.result or {}), **result}
    job.result = dict(list(merged.items())[:MAX_RESULT_KEYS])
    session.commit()
    return job


def _unanswered(session: Session, job: CareJob, plan: CarePlan, outcome: str, now: datetime,
                policy: CarePolicy) -> int | None:
    """Retry or give up; returns an escalation id when the misses in a row reach the threshold."""
    if job.kind == "checkin":  # a 回访 nobody answers is no sign about the elder's safety
        plan.missed_calls += 1
    if job.attempts < policy.max_attempts:
        job.status, job.lease_until = "pending", None
        job.due_at = call_time_for(plan, now + policy.retry_after[outcome], policy)
    else:
        job.status, job.finished_at = "missed", now
    if job.kind != "checkin" or plan.missed_calls < policy.escalate_after_missed_calls:
        return None
    first = session.scalars(select(CareCall.at).where(CareCall.elder_id == plan.elder_id)
                            .order_by(CareCall.at.desc()).limit(plan.missed_calls)).all()
    escalation = open_escalation(session, plan.elder_id, "missed", now, policy, job.id,
                                 first_missed_at=min(first) if first else now)
    return escalation.id if escalation else None


def finish(db: Database, job_id: int, worker: str, started: datetime, call: CallResult, now: datetime,
           policy: CarePolicy) -> None:
    """Record one call placed for a job this worker holds, then the orders it calls for."""
    escalation_id = None
    with db.write() as session:
        job = session.get(CareJob, job_id)
        if job is None or job.status != "claimed" or job.worker != worker:
            return  # the lease ran out and someone else has it: their call counts, not ours
        plan = session.get(CarePlan, job.elder_id)
        session.add(CareCall(job_id=job.id, elder_id=job.elder_id, channel=call.channel, outcome=call.outcome,
                             worker=worker, at=started))
        job.attempts += 1
        session.flush()
        if call.outcome != "answered":
            escalation_id = _unanswered(session, job, plan, call.outcome, now, policy)
        else:
            plan.missed_calls = 0
            job.result = {**(job.result or {}), **call.result}
            job.status, job.finished_at, job.lease_until = "done", now, None
            if job.kind == "checkin" and job.result.get("red_flag"):
                escalation = open_escalation(session, job.elder_id, "red_flag", now, policy, job.id)
                escalation_id = escalation.id if escalation else None
        session.commit()
        kind, about, result = job.kind, job.about_order_id, dict(job.result or {})
    if escalation_id is not None:
        said = {k: result[k] for k in ("red_flag", "transcript") if k in result}
        file_visit_order(db, escalation_id, said)
    if kind == "followup" and call.outcome == "answered":
        settle_followup(db, job_id, about, result, policy)


def _complaint_text(result: dict[str, Any]) -> str:
    if result.get("delivered") is False:
        return "回访：老人说服务没有送到/没有上门。"
    return f"回访：老人对服务不满意，打了{result.get('score')}分。{result.get('comment') or ''}".strip()


def settle_followup(db: Database, job_id: int, order_id: str | None, result: dict[str, Any],
                    policy: CarePolicy) -> str | None:
    """Score → dispatch feedback; not delivered or a poor score → a complaint order. Returns its id."""
    score = result.get("score")
    with db.write() as session:
        order = session.get(Order, order_id) if order_id else None
        if order is None:
            return None
        if isinstance(score, int) and 1 <= score <= 5 and order.feedback_score is None and order.status == "done":
            workflow.record_feedback(session, order, schemas.Feedback(score=score,
                                                                      comment=str(result.get("comment") or "")[:1000]))
        poor = result.get("delivered") is False or (isinstance(score, int) and score <= policy.poor_score)
        if not poor:
            return None
        body = schemas.OrderCreate(elder_id=order.elder_id, type="complaint", priority="P1", channel="care",
                                   details={"text": _complaint_text(result), "about_order_id": order.order_id})
        complaint, _created = workflow.create(session, f"care-complaint-{order.order_id}", body)
        complaint_id = complaint.order_id
    with db.write() as session:
        report(session, job_id, {"complaint_order_id": complaint_id})
    return complaint_id


def pending_visit_orders(db: Database) -> list[int]:
    """Escalations opened but whose order was never filed (a worker died in between)."""
    with db.read() as session:
        return list(session.scalars(select(CareEscalation.id).where(CareEscalation.order_id.is_(None))))
