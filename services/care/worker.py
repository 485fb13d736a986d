"""One scheduler/dialer worker: plan what is due, claim within the caps, dial, record the outcome.

Any number of workers may share the database; each call is placed by exactly one of them. The
dialer is whatever places the call (voice.phone.outbound through the gateway in production, a
scripted one in tests and the benchmark).
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from services.care import outcomes, planner
from services.care.claim import claim
from services.care.clock import Clock, SystemClock
from services.care.escalation import file_visit_order
from services.care.policy import DEFAULT_POLICY, CarePolicy
from services.common.db import Database
from services.models import CarePlan, Elder

log = logging.getLogger("services.care")


@dataclass(frozen=True)
class OutboundCall:
    job_id: int
    kind: str  # checkin / followup
    elder_id: str
    name: str
    phone: str
    channel: str  # phone / speaker / widget
    attempt: int  # 1 for the first call of the job
    about_order_id: str | None = None


class Dialer(Protocol):
    def dial(self, call: OutboundCall) -> outcomes.CallResult: ...


class Worker:
    def __init__(self, db: Database, dialer: Dialer, name: str, policy: CarePolicy = DEFAULT_POLICY,
                 clock: Clock | None = None) -> None:
        self.db, self.dialer, self.name, self.policy = db, dialer, name, policy
        self.clock = clock or SystemClock()

    def plan(self) -> int:
        now = self.clock.now()
        with self.db.write() as session:
            added = planner.plan_checkins(session, now, self.policy) + planner.plan_followups(session, now, self.policy)
            session.commit()
        for escalation_id in outcomes.pending_visit_orders(self.db):
            try:
                file_visit_order(self.db, escalation_id)
            except Exception:  # one order dispatch refuses must not stop every call
                log.exception("visit order for escalation %s not filed", escalation_id)
        return added

    def _calls(self, want: int | None) -> list[OutboundCall]:
        now = self.clock.now()
        with self.db.write() as session:
            jobs = claim(session, self.name, now, self.policy, want)
            calls = []
            for job in jobs:
                elder, plan = session.get(Elder, job.elder_id), session.get(CarePlan, job.elder_id)
                channels = plan.channels or ["phone"]
                calls.append(OutboundCall(job.id, job.kind, job.elder_id, elder.name, elder.phone,
                                          channels[job.attempts % len(channels)], job.attempts + 1,
                                          job.about_order_id))
            return calls

    def _place(self, call: OutboundCall) -> None:
        started = self.clock.now()
        try:
            result = self.dialer.dial(call)
        except Exception:  # the line failed, not the job: it goes down the retry ladder
            log.exception("dialling job %s failed", call.job_id)
            result = outcomes.CallResult("failed", call.channel)
        outcomes.finish(self.db, call.job_id, self.name, started, result, self.clock.now(), self.policy)

    def tick(self, want: int | None = None) -> int:
        """One pass: plan, claim, place the calls (in parallel up to the line cap). Returns calls placed."""
        self.plan()
        calls = self._calls(want)
        if len(calls) <= 1:
            for call in calls:
                self._place(call)
        else:
            with ThreadPoolExecutor(max_workers=min(len(calls), self.policy.max_lines)) as pool:
                list(pool.map(self._place, calls))
        return len(calls)
