"""A simulated week of check-in calls for a scripted cohort: calls inside their windows, the retry
ladder, escalations with visit orders, and the figures the script implies, exactly."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.care.app import create_care_app
from services.care.clock import FakeClock
from services.care.escalation import record_visit
from services.care.figures import figures
from services.care.outcomes import CallResult
from services.care.policy import DEFAULT_POLICY
from services.care.windows import in_window
from services.care.worker import Worker
from services.common.city import TZ
from services.models import CareEscalation, CarePlan, Elder, Notification, Order
from tests.care.support import ScriptedDialer, postgres, sqlite_db  # noqa: F401 (fixtures)

pytestmark = pytest.mark.fast

MONDAY = datetime(2026, 12, 7, tzinfo=TZ)
STEP = timedelta(minutes=15)
RED_FLAG = CallResult("answered", result={"red_flag": "摔了", "transcript": [
    {"who": "bot", "text": "您最近身体怎么样？"}, {"who": "caller", "text": "前两天在厨房滑了一跤，腰还疼"}]})

# role → (risk group, call time, first due day, script, pause, do-not-call)
COHORT = {
    "answers": ("独居", "09:30", 0, ["answered"], False, False),
    "never": ("独居", "09:30", 0, ["no_answer"], False, False),
    "busy_once": ("高龄", "09:30", 0, ["busy", "answered"], False, False),
    "red_flag": ("失能", "09:30", 0, [RED_FLAG], False, False),
    "hospital": ("高龄", "09:30", 0, ["answered"], True, False),
    "monthly": ("一般", "14:00", 3, ["answered"], False, False),
    "do_not_call": ("一般", "09:30", 0, ["answered"], False, True),
    "evening": ("独居", "20:30", 0, ["no_answer"], False, False),
}


def at(day: int, clock: str) -> datetime:
    hour, minute = (int(x) for x in clock.split(":"))
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture(scope="module")
def week(sqlite_db):  # noqa: F811 (fixture)
    clock = FakeClock(MONDAY)
    with sqlite_db.write() as session:
        ids = list(session.scalars(select(Elder.elder_id).order_by(Elder.elder_id)))[:len(COHORT)]
        who = dict(zip(COHORT, ids))
        for role, (group, call_time, day, _script, paused, dnc) in COHORT.items():
            session.add(CarePlan(
                elder_id=who[role], risk_group=group, cadence_days=DEFAULT_POLICY.cadence(group).days,
                call_time=call_time, quiet_start="21:00", quiet_end="08:00", channels=["phone"],
                paused_until=MONDAY + timedelta(days=10) if paused else None,
                pause_reason="hospital" if paused else None, do_not_call=dnc,
                next_due_at=MONDAY + timedelta(days=day), missed_calls=0))
        session.commit()
    dialer = ScriptedDialer(clock, {who[role]: spec[3] for role, spec in COHORT.items()})
    worker = Worker(sqlite_db, dialer, "w1", DEFAULT_POLICY, clock)
    visited = None
    while clock.now() < MONDAY + timedelta(days=7):
        worker.tick()
        if clock.now() == at(0, "15:30"):  # the community worker reports the visit to 'never'
            with sqlite_db.read() as session:
                escalation = session.scalar(select(CareEscalation).where(CareEscalation.elder_id == who["never"]))
            visited = record_visit(sqlite_db, escalation.id, "老人在家，电话线松了", clock.now())
        clock.advance(STEP)
    return sqlite_db, clock, dialer, who, visited


def test_calls_are_placed_in_their_windows_with_the_retry_ladder(week):
    db, _clock, dialer, who, _visited = week
    with db.read() as session:
        plans = {p.elder_id: p for p in session.scalars(select(CarePlan))}
    for placed in dialer.placed:
        plan = plans[placed.call.elder_id]
        assert in_window(placed.at, plan.call_time, DEFAULT_POLICY.window, plan.quiet_start, plan.quiet_end)
    times = {role: [p.at for p in dialer.calls_to(who[role])] for role in COHORT}
    assert times["answers"] == [at(0, "09:30")]
    assert times["never"] == [at(0, "09:30"), at(0, "10:30"), at(0, "11:30")]  # then missed: next week
    assert times["busy_once"] == [at(0, "09:30"), at(0, "09:45")]
    assert times["red_flag"] == [at(0, "09:30")]
    assert times["monthly"] == [at(3, "14:00")]
    # the retry an hour later falls in quiet hours (21:00): it moves to the next evening's window
    assert times["evening"] == [at(0, "20:30"), at(1, "20:30"), at(2, "20:30")]
    assert times["hospital"] == [] and times["do_not_call"] == []


def test_misses_and_red_flags_open_visit_orders_and_tell_the_family(week):
    db, _clock, _dialer, who, visited = week
    with db.read() as session:
        escalations = {e.elder_id: e for e in session.scalars(select(CareEscalation))}
        assert set(escalations) == {who["never"], who["red_flag"], who["evening"]}
        assert escalations[who["never"]].opened_at == at(0, "11:30")
        assert escalations[who["evening"]].opened_at == at(2, "20:30")
        assert escalations[who["red_flag"]].reason == "red_flag"
        for escalation in escalations.values():
            order = session.get(Order, escalation.order_id)
            assert (order.type, order.priority, order.details["kind"]) == ("callback", "P1", "visit")
            assert datetime.fromisoformat(order.details["deadline"]) == escalation.opened_at + timedelta(hours=24)
            elder = session.get(Elder, escalation.elder_id)
            told = session.scalars(select(Notification).where(Notification.order_id == order.order_id)).all()
            assert [n.to_phone for n in told] == [elder.contact_phone]
        assert "滑了一跤" in str(session.get(Order, escalations[who["red_flag"]].order_id).details["transcript"])
        # the recorded visit closes the escalation and its order; the others stay open
        assert visited.visited_at == at(0, "15:30")
        assert session.get(Order, escalations[who["never"]].order_id).status == "done"
        assert session.get(Order, escalations[who["evening"]].order_id).status == "created"


def test_figures_come_out_as_the_script_implies(week):
    db, clock, _dialer, _who, _visited = week
    expected_rates = {"独居": (3, 2), "高龄": (1, 1), "失能": (1, 1), "一般": (1, 1)}
    with db.read() as session:
        got = figures(session, MONDAY, MONDAY + timedelta(days=7), clock.now())
    rates = {group: (v["elders"], v["visited"]) for group, v in got["visit_rate"].items()}
    assert rates == expected_rates
    assert got["visit_rate"]["独居"]["rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert got["visit_rate"]["高龄"]["paused"] == 1 and got["visit_rate"]["一般"]["do_not_call"] == 1
    assert (got["calls"], got["answered"], got["missed_calls"]) == (11, 4, 7)
    assert got["connect_rate"] == pytest.approx(4 / 11, abs=1e-4)
    assert got["missed_checkins"] == 2
    # 'red_flag' was due within 24 h of day 0, 'evening' of day 2: both overdue by the end of the week
    assert got["escalations"] == {"opened": 3, "open": 2, "overdue": 2}
    assert got["median_missed_to_visit_hours"] == 6.0  # first missed call 09:30, visit 15:30


def test_the_desk_reads_the_same_figures_over_http(week):
    db, clock, _dialer, _who, _visited = week
    app = create_care_app(db.url, ("admin=test-admin-12349", "hotline=test-hotline-12349"), clock=clock)
    with TestClient(app) as client:
        denied = client.get("/care/v1/figures", headers={"Authorization": "Bearer test-hotline-12349"})
        assert denied.status_code == 403
        answer = client.get("/care/v1/figures", params={"month": "2026-12"},
                            headers={"Authorization": "Bearer test-admin-12349"})
        assert answer.status_code == 200
        body = answer.json()
        assert (body["calls"], body["answered"], body["escalations"]["overdue"]) == (11, 4, 2)
        assert body["visit_rate"]["独居"]["visited"] == 2
