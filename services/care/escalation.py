"""Escalation that closes the loop: a visit order for the community worker with a deadline, the
emergency contact told, and the order kept open until the visit result is recorded.

Dispatch has no ``visit`` order type yet, so the visit is a P1 ``callback`` order whose details say
``kind: visit`` and carry the deadline (docs/CARE.md). Orders go through dispatch's own workflow,
each with an idempotency key derived from the escalation, so a retried step never files twice.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.care.policy import CarePolicy
from services.common.city import TZ
from services.common.db import Database
from services.dispatch import schemas, workflow
from services.models import CareEscalation, Elder, Notification, Order

REASON_WORDS = {"missed": "连续未接通定期探访电话", "red_flag": "探访电话中说到身体或生活有困难"}


def open_escalation(session: Session, elder_id: str, reason: str, now: datetime, policy: CarePolicy,
                    job_id: int | None = None, first_missed_at: datetime | None = None) -> CareEscalation | None:
    """One open escalation per elder: a second reason while one is open adds nothing."""
    already = session.scalar(select(CareEscalation).where(
        CareEscalation.elder_id == elder_id, CareEscalation.visited_at.is_(None)))
    if already is not None:
        return None
    escalation = CareEscalation(elder_id=elder_id, job_id=job_id, reason=reason, opened_at=now,
                                first_missed_at=first_missed_at, deadline_at=now + policy.visit_deadline)
    session.add(escalation)
    session.flush()
    return escalation


def _contact_message(elder: Elder, escalation: CareEscalation, order_id: str) -> str:
    deadline = escalation.deadline_at.astimezone(TZ).strftime("%m月%d日%H:%M")
    return (f"【12349关爱探访】{elder.contact_name}您好，{elder.name}{REASON_WORDS[escalation.reason]}。"
            f"社区工作人员将在{deadline}前上门看望，工单号{order_id}。请您也尽快联系老人。")


def _valid(details: dict) -> bool:
    try:
        schemas.CallbackDetails.model_validate(details)
    except ValueError:
        return False
    return True


def file_visit_order(db: Database, escalation_id: int, detail: dict | None = None) -> str:
    """File (or find) the escalation's visit order, notify the contact once; returns the order id."""
    with db.write() as session:
        escalation = session.get(CareEscalation, escalation_id)
        if escalation.order_id:
            return escalation.order_id
        details = {"reason": "other", "channel": "care", "kind": "visit", "why": escalation.reason,
                   "deadline": escalation.deadline_at.isoformat(), **(detail or {})}
        if not _valid(details):
            details.pop("transcript", None)  # the visit matters more than the words that led to it
        body = schemas.OrderCreate(elder_id=escalation.elder_id, type="callback", priority="P1",
                                   channel="care", details=details)
        order, _created = workflow.create(session, f"care-visit-{escalation.id}", body)
        elder = session.get(Elder, escalation.elder_id)
        escalation = session.get(CareEscalation, escalation_id)
        escalation.order_id = order.order_id
        if elder is not None and elder.contact_phone:
            session.add(Notification(order_id=order.order_id, kind="care_contact", to_name=elder.contact_name or "",
                                     to_phone=elder.contact_phone, message=_contact_message(elder, escalation,
                                                                                            order.order_id)))
        session.commit()
        return order.order_id


def record_visit(db: Database, escalation_id: int, note: str, now: datetime) -> CareEscalation | None:
    """The community worker's visit result closes the escalation and its order (done, step by step)."""
    with db.write() as session:
        escalation = session.get(CareEscalation, escalation_id)
        if escalation is None:
            return None
        if escalation.visited_at is None:
            escalation.visited_at, escalation.visit_note = now, note
            session.commit()
        order = session.get(Order, escalation.order_id) if escalation.order_id else None
        for status in ("assigned", "in_progress", "done"):
            if order is not None and order.status not in ("done", "cancelled"):
                order = workflow.transition(session, order, status)
        return escalation
