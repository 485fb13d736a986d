"""Last-four verification limits, kept in the database so every worker and process
sharing it sees the same counts: per elder, ``verify_max_failures`` wrong answers
within ``verify_window_s`` lock the elder for the rest of that window (a right
answer is refused too); per client, ``verify_client_per_minute`` checks a minute."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from fastapi import HTTPException, status
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assistant.settings import Settings
from services.models import VerificationAttempt
from services.models.base import utcnow

CLIENT_WINDOW = timedelta(minutes=1)


def _refuse(detail: str, until: datetime, now: datetime) -> HTTPException:
    wait = max(1, math.ceil((until - now).total_seconds()))
    return HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, detail=detail, headers={"Retry-After": str(wait)})


def _recent_failures(session: Session, elder_id: str, since: datetime) -> list[datetime]:
    return list(session.scalars(
        select(VerificationAttempt.at)
        .where(VerificationAttempt.elder_id == elder_id, VerificationAttempt.ok.is_(False),
               VerificationAttempt.at > since)
        .order_by(VerificationAttempt.at.desc())
    ))


def check_client(session: Session, config: Settings, client: str) -> None:
    """Raise 429 when ``client`` made its allowance of checks in the last minute."""
    now = utcnow()
    # Old rows matter to no limit any more.
    horizon = max(timedelta(seconds=config.verify_window_s), CLIENT_WINDOW)
    session.execute(delete(VerificationAttempt).where(VerificationAttempt.at < now - horizon))
    recent = session.scalars(
        select(VerificationAttempt.at).where(VerificationAttempt.client == client,
                                             VerificationAttempt.at > now - CLIENT_WINDOW)
        .order_by(VerificationAttempt.at)
    ).all()
    if len(recent) >= config.verify_client_per_minute:
        oldest = recent[len(recent) - config.verify_client_per_minute]
        raise _refuse("核验请求过于频繁，请稍后再试 / too many verification requests from this client",
                      oldest + CLIENT_WINDOW, now)


def check_elder(session: Session, config: Settings, elder_id: str) -> int:
    """Raise 429 while the elder is locked; else return the wrong answers left."""
    now = utcnow()
    window = timedelta(seconds=config.verify_window_s)
    failures = _recent_failures(session, elder_id, now - window)
    limit = config.verify_max_failures
    if len(failures) >= limit:
        # Unlocked once the limit-th most recent failure leaves the window.
        raise _refuse("身份核验错误次数过多，已暂时锁定，请转人工 / too many wrong answers: "
                      "verification for this elder is locked for now", failures[limit - 1] + window, now)
    return limit - len(failures)


def record(session: Session, elder_id: str, client: str, ok: bool) -> None:
    session.add(VerificationAttempt(elder_id=elder_id, client=client, ok=ok))

