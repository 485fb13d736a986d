"""回访: a done meal order gets a follow-up call after the delay; its score becomes the order's
feedback, and a score of 1 (or a service that never came) files a complaint order about it."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.care.clock import FakeClock
from services.care.outcomes import CallResult
from services.care.policy import DEFAULT_POLICY
from services.care.seed import seed_plans
from services.care.worker import Worker
from services.common.city import local_today
from services.dispatch import schemas, workflow
from services.models import CareJob, Order
from services.models.base import utcnow
from tests.care.support import ScriptedDialer, postgres, sqlite_db  # noqa: F401 (fixtures)

pytestmark = pytest.mark.fast

STEP = timedelta(minutes=15)


def done_meal(db, elder_id: str) -> str:
    body = schemas.OrderCreate(elder_id=elder_id, type="meal", channel="hotline", details={
        "date": (local_today() + timedelta(days=1)).isoformat(), "meal": "午餐", "portions": 1, "mode": "送餐"})
    with db.write() as session:
        order, _ = workflow.create(session, f"test-{uuid.uuid4()}", body)
        for status in ("assigned", "in_progress", "done"):
            workflow.transition(session, order, status)
        return order.order_id


def run_until_followed_up(db, dialer, clock, order_id: str) -> None:
    worker = Worker(db, dialer, "w-followup", DEFAULT_POLICY, clock)
    for _ in range(3 * 96):
        worker.tick()
        if any(p.call.about_order_id == order_id for p in dialer.placed):
            return
        clock.advance(STEP)
    raise AssertionError("no 回访 call within three days")


@pytest.fixture(scope="module")
def cohort(sqlite_db):  # noqa: F811 (fixture)
    with sqlite_db.write() as session:
        seed_plans(session)
    return sqlite_db


@pytest.mark.parametrize("elder_id,answer,complaint", [
    ("10000001", {"delivered": True, "score": 1, "comment": "饭是凉的"}, True),
    ("10000002", {"delivered": True, "score": 5}, False),
    ("10000003", {"delivered": False}, True),
])
def test_followup_feedback_and_complaint(cohort, elder_id, answer, complaint):
    db = cohort
    order_id = done_meal(db, elder_id)
    clock = FakeClock(utcnow())
    dialer = ScriptedDialer(clock, {elder_id: [CallResult("answered", result=answer)]})
    run_until_followed_up(db, dialer, clock, order_id)
    call = next(p for p in dialer.placed if p.call.about_order_id == order_id)
    assert call.at >= utcnow() + DEFAULT_POLICY.followup_delay - timedelta(minutes=1)
    assert call.call.kind == "followup"
    with db.read() as session:
        order = session.get(Order, order_id)
        assert order.feedback_score == answer.get("score")
        complaints = session.scalars(select(Order).where(Order.type == "complaint", Order.elder_id == elder_id)).all()
        about = [c for c in complaints if c.details.get("about_order_id") == order_id]
        assert len(about) == (1 if complaint else 0)
        job = session.scalar(select(CareJob).where(CareJob.about_order_id == order_id))
        assert job.status == "done"
        assert (job.result.get("complaint_order_id") is not None) == complaint


def test_a_followup_is_planned_once(cohort):
    db = cohort
    order_id = done_meal(db, "10000001")
    clock = FakeClock(utcnow() + timedelta(hours=3))
    worker = Worker(db, ScriptedDialer(clock, {}), "w-plan", DEFAULT_POLICY, clock)
    worker.plan()
    worker.plan()
    with db.read() as session:
        assert len(session.scalars(select(CareJob).where(CareJob.about_order_id == order_id)).all()) == 1
