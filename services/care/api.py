"""The care API (/care/v1): figures for the desk, plans, the conversation's findings, visit results.

Scopes reuse dispatch's until care gets its own: reading figures and plans, changing a plan and
recording a visit are operator work (``dispatch:orders:operate``); the action server reports what a
check-in or 回访 call learnt with ``dispatch:orders:create`` (it may file orders anyway).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from services.care import outcomes
from services.care.escalation import record_visit
from services.care.figures import figures
from services.care.policy import CHANNELS, RISK_GROUPS
from services.common.auth import needs
from services.common.city import TZ
from services.common.db import Database, ReadDB, WriteDB
from services.common.errors import NOT_FOUND, get_or_404, invalid, not_found
from services.common.schemas import StrictRequest
from services.dispatch.schemas import TranscriptLine
from services.models import CareEscalation, CarePlan

router = APIRouter(tags=["care"])
OPERATE, REPORT = "dispatch:orders:operate", "dispatch:orders:create"
CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"
AwareTime = Annotated[datetime, Field(strict=False)]


def _now(request: Request) -> datetime:
    return request.app.state.care_clock.now()


Now = Annotated[datetime, Depends(_now)]


class Plan(BaseModel):
    elder_id: str
    risk_group: str
    cadence_days: int
    call_time: str
    quiet_start: str
    quiet_end: str
    channels: list[str]
    paused_until: datetime | None
    pause_reason: str | None
    do_not_call: bool
    next_due_at: datetime
    missed_calls: int


class PlanChange(StrictRequest):
    risk_group: Literal[RISK_GROUPS] | None = None  # type: ignore[valid-type]
    cadence_days: int | None = Field(default=None, ge=1, le=92)
    call_time: str | None = Field(default=None, pattern=CLOCK)
    quiet_start: str | None = Field(default=None, pattern=CLOCK)
    quiet_end: str | None = Field(default=None, pattern=CLOCK)
    channels: list[Literal[CHANNELS]] | None = Field(default=None, min_length=1, max_length=3)  # type: ignore[valid-type]
    paused_until: AwareTime | None = None
    pause_reason: Literal["hospital", "request"] | None = None
    do_not_call: bool | None = None


class Findings(StrictRequest):
    red_flag: str | None = Field(default=None, max_length=200)
    transcript: list[TranscriptLine] | None = Field(default=None, max_length=50)  # as dispatch keeps it
    answers: dict[str, str] | None = Field(default=None, max_length=10)
    delivered: bool | None = None
    score: int | None = Field(default=None, ge=1, le=5)
    comment: str | None = Field(default=None, max_length=500)
    desk_item: str | None = Field(default=None, max_length=40)


class Visit(StrictRequest):
    note: str = Field(min_length=1, max_length=1000)


def _plan(plan: CarePlan) -> Plan:
    return Plan.model_validate(plan, from_attributes=True)


@router.get("/plans/{elder_id}", response_model=Plan, responses=NOT_FOUND, dependencies=[needs(OPERATE)])
def get_plan(elder_id: str, session: ReadDB) -> Plan:
    return _plan(get_or_404(session, CarePlan, elder_id, "care plan"))


@router.patch("/plans/{elder_id}", response_model=Plan, responses=NOT_FOUND, dependencies=[needs(OPERATE)])
def change_plan(elder_id: str, body: PlanChange, session: WriteDB) -> Plan:
    """Change what is given; ``paused_until`` with a reason pauses (hospital, request), null resumes."""
    plan = get_or_404(session, CarePlan, elder_id, "care plan", lock=True)
    for key, value in body.model_dump(exclude_unset=True).items():
        setattr(plan, key, value)
    if plan.paused_until is not None and plan.paused_until.tzinfo is None:
        raise invalid("paused_until needs a time zone")
    session.commit()
    return _plan(plan)


@router.post("/jobs/{job_id}/findings", responses=NOT_FOUND, dependencies=[needs(REPORT)])
def report_findings(job_id: int, body: Findings, session: WriteDB) -> dict[str, Any]:
    """What the check-in or 回访 conversation learnt; it takes effect when the call is recorded."""
    job = outcomes.report(session, job_id, body.model_dump(mode="json", exclude_none=True))
    if job is None:
        raise not_found("care job", str(job_id))
    return {"job_id": job.id, "kind": job.kind, "status": job.status}


@router.post("/escalations/{escalation_id}/visit", responses=NOT_FOUND, dependencies=[needs(OPERATE)])
def visit(escalation_id: int, body: Visit, request: Request, now: Now) -> dict[str, Any]:
    db: Database = request.app.state.db
    escalation = record_visit(db, escalation_id, body.note, now)
    if escalation is None:
        raise not_found("escalation", str(escalation_id))
    return {"escalation_id": escalation.id, "order_id": escalation.order_id,
            "visited_at": escalation.visited_at.isoformat()}


@router.get("/escalations", dependencies=[needs(OPERATE)])
def open_escalations(session: ReadDB, now: Now) -> dict[str, Any]:
    rows = session.scalars(select(CareEscalation).where(CareEscalation.visited_at.is_(None))
                           .order_by(CareEscalation.deadline_at).limit(200))
    return {"items": [{"escalation_id": e.id, "elder_id": e.elder_id, "reason": e.reason, "order_id": e.order_id,
                       "deadline_at": e.deadline_at.isoformat(), "overdue": e.deadline_at < now} for e in rows]}


@router.get("/figures", dependencies=[needs(OPERATE)])
def get_figures(session: ReadDB, now: Now,
                month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None) -> dict[str, Any]:
    """The month's figures (China time; default the current month)."""
    local = now.astimezone(TZ)
    year, mon = (int(x) for x in month.split("-")) if month else (local.year, local.month)
    start = datetime(year, mon, 1, tzinfo=TZ)
    end = (start + timedelta(days=32)).replace(day=1)
    return figures(session, start, datetime.combine(end.date(), time(0), TZ), now)
