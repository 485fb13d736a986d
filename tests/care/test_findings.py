"""What the conversation reports during a call (POST /care/v1/jobs/{id}/findings, as the action server
does) takes effect when the call is recorded: a red flag opens the visit order with the transcript."""
from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.care.app import create_care_app
from services.care.clock import FakeClock
from services.care.policy import DEFAULT_POLICY
from services.care.seed import seed_plans
from services.care.worker import Worker
from services.common.city import TZ
from services.models import CareEscalation, CarePlan, Order
from tests.care.support import ScriptedDialer, sqlite_db  # noqa: F401 (fixture)

pytestmark = pytest.mark.fast

START = datetime(2026, 12, 9, 9, 30, tzinfo=TZ)
ACTIONS = {"Authorization": "Bearer test-actions-12349"}
SAID = [{"who": "bot", "text": "您最近身体怎么样？"}, {"who": "caller", "text": "心里发慌，晚上一个人害怕"}]


def test_findings_reported_during_the_call_open_the_visit(sqlite_db):  # noqa: F811 (fixture)
    with sqlite_db.write() as session:
        seed_plans(session, START)
        for plan in session.scalars(select(CarePlan)):
            plan.next_due_at = START.replace(year=2027)  # only the demo elder below is due
        session.get(CarePlan, "10000002").next_due_at = START
        session.commit()
    clock = FakeClock(START)
    app = create_care_app(sqlite_db.url, ("actions=test-actions-12349",), clock=clock)
    with TestClient(app) as client:
        refused = client.post("/care/v1/jobs/1/findings", headers=ACTIONS,
                              json={"transcript": [{"who": "somebody", "text": "x"}]})
        assert refused.status_code == 422

        def conversation(call):  # the action server, while the elder is on the line
            answer = client.post(f"/care/v1/jobs/{call.job_id}/findings", headers=ACTIONS,
                                 json={"red_flag": "害怕", "transcript": SAID})
            assert answer.status_code == 200

        dialer = ScriptedDialer(clock, during=conversation)
        assert Worker(sqlite_db, dialer, "w", DEFAULT_POLICY, clock).tick() == 1
    with sqlite_db.read() as session:
        escalation = session.scalar(select(CareEscalation).where(CareEscalation.elder_id == "10000002"))
        assert escalation.reason == "red_flag"
        order = session.get(Order, escalation.order_id)
        assert order.details["red_flag"] == "害怕" and order.details["transcript"] == SAID
