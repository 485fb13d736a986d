"""Care plans for the seeded city: ``python -m services.care.seed [--database-url URL]``.

The demo elders get fixed plans (10000001 独居, 10000002 高龄, 10000003 失能, all 09:30); every other
elder without a plan gets one from their age (80+ 高龄) and a stable draw from their id (独居 1 in 8,
失能 1 in 20), a call time between 09:00 and 15:30, and a first due day spread over the cadence so a
city's calls do not all fall on one day. Re-running adds only missing plans.
"""
from __future__ import annotations

import argparse
import hashlib
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.settings import settings
from services import migrate
from services.care.policy import DEFAULT_POLICY, CarePolicy
from services.common.db import Database
from services.models import CarePlan, Device, Elder
from services.models.base import utcnow

DEMO_GROUPS = {"10000001": "独居", "10000002": "高龄", "10000003": "失能"}
DEMO_CALL_TIME = "09:30"


def _draw(elder_id: str) -> int:
    return int(hashlib.sha256(elder_id.encode()).hexdigest()[:8], 16)


def risk_group(elder: Elder, today: date) -> str:
    if elder.elder_id in DEMO_GROUPS:
        return DEMO_GROUPS[elder.elder_id]
    born = elder.birth_date
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    draw = _draw(elder.elder_id)
    if draw % 20 == 0:
        return "失能"
    if draw % 8 == 1:
        return "独居"
    return "高龄" if age >= 80 else "一般"


def plan_for(elder: Elder, has_speaker: bool, now: datetime, policy: CarePolicy = DEFAULT_POLICY) -> CarePlan:
    group = risk_group(elder, now.date())
    draw = _draw(elder.elder_id)
    demo = elder.elder_id in DEMO_GROUPS
    call_time = DEMO_CALL_TIME if demo else f"{9 + draw % 7:02d}:{30 * (draw // 7 % 2):02d}"
    offset = timedelta(days=0 if demo else draw % policy.cadence(group).days)
    channels = ["phone"] + (["speaker"] if has_speaker else []) + (["widget"] if elder.login else [])
    return CarePlan(elder_id=elder.elder_id, risk_group=group, cadence_days=policy.cadence(group).days,
                    call_time=call_time, quiet_start="21:00", quiet_end="08:00", channels=channels,
                    do_not_call=False, next_due_at=now + offset, missed_calls=0)


def seed_plans(session: Session, now: datetime | None = None, policy: CarePolicy = DEFAULT_POLICY) -> int:
    now = now or utcnow()
    have = set(session.scalars(select(CarePlan.elder_id)))
    speakers = set(session.scalars(select(Device.elder_id)))
    added = 0
    for elder in session.scalars(select(Elder).order_by(Elder.elder_id)):
        if elder.elder_id not in have:
            session.add(plan_for(elder, elder.elder_id in speakers, now, policy))
            added += 1
    session.commit()
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.care.seed", description="care plans for every elder")
    parser.add_argument("--database-url", default=settings.db_url)
    args = parser.parse_args(argv)
    migrate.upgrade(args.database_url)
    db = Database(args.database_url)
    try:
        with db.write() as session:
            print(f"care plans added: {seed_plans(session)}")
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
