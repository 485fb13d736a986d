"""Desk and supervisor figures for a period: 月探访率 per risk group, 接通率, misses, escalations
open/overdue, median time from the first missed call to the visit, 回访 satisfaction."""
from __future__ import annotations

from datetime import datetime
from statistics import mean, median

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.care.planner import is_paused
from services.models import CareCall, CareEscalation, CareJob, CarePlan


def _visit_rates(session: Session, start: datetime, end: datetime, now: datetime) -> dict:
    reached = set(session.scalars(select(CareCall.elder_id).where(
        CareCall.outcome == "answered", CareCall.at >= start, CareCall.at < end)))
    reached |= set(session.scalars(select(CareEscalation.elder_id).where(
        CareEscalation.visited_at >= start, CareEscalation.visited_at < end)))
    groups: dict[str, dict] = {}
    for plan in session.scalars(select(CarePlan)):
        group = groups.setdefault(plan.risk_group, {"elders": 0, "visited": 0, "paused": 0, "do_not_call": 0})
        if plan.do_not_call:
            group["do_not_call"] += 1
        elif is_paused(plan, min(now, end)):
            group["paused"] += 1  # in hospital or asked not to be called: not in the rate's base
        else:
            group["elders"] += 1
            group["visited"] += plan.elder_id in reached
    for group in groups.values():
        group["rate"] = round(group["visited"] / group["elders"], 4) if group["elders"] else None
    return groups


def figures(session: Session, start: datetime, end: datetime, now: datetime) -> dict:
    outcomes = list(session.scalars(select(CareCall.outcome).where(CareCall.at >= start, CareCall.at < end)))
    answered = outcomes.count("answered")
    escalations = list(session.scalars(select(CareEscalation)))
    open_ = [e for e in escalations if e.visited_at is None]
    waits = [(e.visited_at - e.first_missed_at).total_seconds() / 3600 for e in escalations
             if e.reason == "missed" and e.visited_at and e.first_missed_at and start <= e.visited_at < end]
    followups = [job.result or {} for job in session.scalars(select(CareJob).where(
        CareJob.kind == "followup", CareJob.status == "done", CareJob.finished_at >= start, CareJob.finished_at < end))]
    scores = [r["score"] for r in followups if isinstance(r.get("score"), int)]
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "visit_rate": _visit_rates(session, start, end, now),
        "calls": len(outcomes), "answered": answered,
        "connect_rate": round(answered / len(outcomes), 4) if outcomes else None,
        "missed_calls": len(outcomes) - answered,
        "missed_checkins": len(list(session.scalars(select(CareJob.id).where(
            CareJob.kind == "checkin", CareJob.status == "missed", CareJob.finished_at >= start,
            CareJob.finished_at < end)))),
        "escalations": {"opened": sum(start <= e.opened_at < end for e in escalations), "open": len(open_),
                        "overdue": sum(e.deadline_at < now for e in open_)},
        "median_missed_to_visit_hours": round(median(waits), 2) if waits else None,
        "followup": {"answered": len(followups), "scored": len(scores),
                     "mean_score": round(mean(scores), 2) if scores else None,
                     "complaints": sum(1 for r in followups if r.get("complaint_order_id"))},
    }
