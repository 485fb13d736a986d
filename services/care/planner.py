"""Turns care plans and finished orders into call jobs. Planning twice is harmless: each job has a
unique key (one check-in per elder per due day, one 回访 per order)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.care.policy import CarePolicy
from services.care.windows import next_call_time
from services.common.city import TZ
from services.models import CareJob, CarePlan, Order

FOLLOWUP_TYPES = ("meal", "home_care")  # services a 回访 asks about


def is_paused(plan: CarePlan, now: datetime) -> bool:
    return plan.paused_until is not None and plan.paused_until > now


def callable_now(plan: CarePlan | None, now: datetime) -> bool:
    return plan is not None and not plan.do_not_call and not is_paused(plan, now)


def call_time_for(plan: CarePlan, t: datetime, policy: CarePolicy) -> datetime:
    return next_call_time(t, plan.call_time, policy.window, plan.quiet_start, plan.quiet_end)


def _add_job(session: Session, job: CareJob) -> bool:
    """Insert unless a job with this key exists (another worker may plan the same moment)."""
    if session.scalar(select(CareJob.id).where(CareJob.key == job.key)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        return False
    return True


def plan_checkins(session: Session, now: datetime, policy: CarePolicy) -> int:
    """A check-in job for every plan that is due; the plan's next due moment moves on by its cadence."""
    added = 0
    plans = session.scalars(select(CarePlan).where(CarePlan.next_due_at <= now).order_by(CarePlan.elder_id))
    for plan in plans:
        if not callable_now(plan, now):
            continue  # picked up again once the pause ends (its due moment stays in the past)
        due = call_time_for(plan, max(plan.next_due_at, now), policy)
        key = f"checkin-{plan.elder_id}-{due.astimezone(TZ).date().isoformat()}"
        added += _add_job(session, CareJob(key=key, elder_id=plan.elder_id, kind="checkin", status="pending",
                                           due_at=due, attempts=0, claims=0, created_at=now))
        plan.next_due_at = plan.next_due_at + policy.cadence(plan.risk_group)
        while plan.next_due_at <= now:  # a long pause does not leave a backlog of calls
            plan.next_due_at += policy.cadence(plan.risk_group)
    return added


def plan_followups(session: Session, now: datetime, policy: CarePolicy) -> int:
    """A 回访 job for each service order done at least followup_delay ago (and not too long ago)."""
    ready = now - policy.followup_delay
    orders = session.scalars(
        select(Order).where(Order.status == "done", Order.type.in_(FOLLOWUP_TYPES),
                            Order.feedback_score.is_(None), Order.updated_at <= ready,
                            Order.updated_at >= now - policy.followup_lookback, Order.elder_id.is_not(None)))
    added = 0
    for order in orders:
        plan = session.get(CarePlan, order.elder_id)
        if plan is None or plan.do_not_call:
            continue
        due = call_time_for(plan, now, policy)
        added += _add_job(session, CareJob(key=f"followup-{order.order_id}", elder_id=order.elder_id,
                                           kind="followup", about_order_id=order.order_id, status="pending",
                                           due_at=due, attempts=0, claims=0, created_at=now))
    return added
