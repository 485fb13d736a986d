"""The supervisor's view: the floor now (queue, longest wait, operators) and today's figures.

- answer rate: live hand-overs an operator took / live hand-overs offered
- ASA: average seconds from hand-over to an operator taking it
- abandon rate: live hand-overs that ended without an operator (the elder left, or nobody came in time)
- service level: share of live hand-overs taken within 20 s
- bot containment: conversations (call records) finished by the bot alone
- hand-over reasons: every item today, by reason
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from desk import wording
from desk.accounts import Who
from desk.guard import SUPERVISOR
from services.common.db import ReadDB
from services.models.base import utcnow
from services.models.desk import DeskItem, DeskUser
from services.models.dispatch import CallRecord

router = APIRouter(tags=["supervisor"])
CHINA = timezone(timedelta(hours=8))
SERVICE_LEVEL_S = 20


def today_start() -> datetime:
    now = datetime.now(CHINA)
    return now.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def figures(db, since: datetime) -> dict:
    todays = list(db.scalars(select(DeskItem).where(DeskItem.created_at >= since)))
    # an item filed from a live conversation that timed out keeps its conversation id
    live = [i for i in todays if i.conversation_id]
    answered = [i for i in live if i.taken_at is not None and i.disposition != "abandoned"]
    waits = [(i.taken_at - i.created_at).total_seconds() for i in answered]
    abandoned = [i for i in live if i.taken_at is None and (i.status == "closed" or i.kind == "callback")]
    calls = Counter(db.scalars(select(CallRecord.outcome).where(CallRecord.created_at >= since)))
    conversations = sum(calls.values())
    hours = Counter(i.created_at.astimezone(CHINA).hour for i in todays)
    return {
        "offered": len(live), "answered": len(answered),
        "answer_rate": _share(len(answered), len(live)),
        "asa_s": round(sum(waits) / len(waits), 1) if waits else None,
        "abandon_rate": _share(len(abandoned), len(live)),
        "service_level": _share(sum(1 for w in waits if w <= SERVICE_LEVEL_S), len(live)),
        "containment": _share(calls.get("served", 0), conversations),
        "conversations": conversations,
        "reasons": [{"reason": r, "label": wording.REASONS.get(r, r), "count": n}
                    for r, n in Counter(i.reason for i in todays).most_common()],
        "by_hour": [hours.get(h, 0) for h in range(24)],
    }


def floor(db, presence) -> dict:
    waiting = list(db.scalars(select(DeskItem).where(DeskItem.status == "waiting")))
    now = utcnow()
    busy = dict(db.execute(select(DeskItem.operator_id, func.count()).where(DeskItem.status == "taken")
                           .group_by(DeskItem.operator_id)).all())
    people = db.scalars(select(DeskUser).where(DeskUser.role.in_(("operator", "supervisor")), DeskUser.active))
    agents = [{"name": u.name, "role": u.role, "online": presence.pages.get(u.id, 0) > 0,
               "working": busy.get(u.id, 0)} for u in people]
    return {"queue_length": len(waiting),
            "longest_wait_s": int(max(((now - i.created_at).total_seconds() for i in waiting), default=0)),
            "live_now": sum(busy.values()), "agents": agents}


@router.get("/supervisor/today")
def today(request: Request, db: ReadDB, who: Annotated[Who, SUPERVISOR]):
    return {"floor": floor(db, request.app.state.presence), "today": figures(db, today_start())}
