"""The emergency board: every P0 order alarms on every desk until one operator acknowledges it."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import select

from desk.accounts import Who
from desk.guard import DESK
from services.common.db import ReadDB, WriteDB
from services.models.base import utcnow
from services.models.desk import DeskAlarm, DeskUser

router = APIRouter(tags=["alarms"])


def board(db) -> list[dict]:
    """Unacknowledged alarms, oldest first: the order number and how long it waits, nothing personal."""
    now = utcnow()
    alarms = db.scalars(select(DeskAlarm).where(DeskAlarm.acked_at.is_(None)).order_by(DeskAlarm.raised_at))
    return [{"id": a.id, "order_id": a.order_id, "item_id": a.item_id, "raised_at": a.raised_at.isoformat(),
             "wait_s": int((now - a.raised_at).total_seconds()), "escalated": a.escalated_at is not None,
             "contact_notified": a.contact_notified_at is not None} for a in alarms]


@router.get("/alarms")
def alarms(db: ReadDB, who: Annotated[Who, DESK]):
    return {"items": board(db)}


@router.post("/alarms/{alarm_id}/ack")
def acknowledge(alarm_id: int, request: Request, db: WriteDB, who: Annotated[Who, DESK]):
    """One acknowledgement clears the alarm on every desk (the first one counts)."""
    alarm = db.get(DeskAlarm, alarm_id)
    if alarm is None:
        raise HTTPException(404, detail=f"没有这个警报 / no alarm {alarm_id}")
    if alarm.acked_at is None:
        alarm.acked_at, alarm.acked_by = utcnow(), who.id
        db.commit()
        request.app.state.bus.publish("alarms")
    by = db.get(DeskUser, alarm.acked_by)
    return {"id": alarm.id, "acked_at": alarm.acked_at.isoformat(), "acked_by": by.name if by else None}
