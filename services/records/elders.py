"""Identify callers and read their records: elders, verification, allowances.

The ID number never leaves the service, not even its last four characters:
callers are checked here (POST /elders/{id}/verify), with limits.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from services.common.auth import needs
from services.common.city import local_today
from services.common.db import ReadDB, WriteDB
from services.common.errors import NOT_FOUND, TOO_MANY, get_or_404, invalid, not_found
from services.common.idcard import age_on
from services.common.scopes import Client
from services.models import Allowance, Device, Elder
from services.records import schemas, verification

router = APIRouter(tags=["elders"])


def elder_view(elder: Elder, client: Client, today: date | None = None) -> schemas.Elder:
    """What ``client`` may see of ``elder``: the name only, the record, the emergency contact."""
    if "records:read" not in client.scopes:
        return schemas.Elder(elder_id=elder.elder_id, name=elder.name)
    contact = None
    if "records:contacts" in client.scopes and elder.contact_name and elder.contact_phone:
        contact = schemas.EmergencyContact(
            name=elder.contact_name, relation=elder.contact_relation or "", phone=elder.contact_phone
        )
    return schemas.Elder(
        elder_id=elder.elder_id,
        name=elder.name,
        gender=elder.gender,
        age=age_on(elder.birth_date, today or local_today()),
        birth_date=elder.birth_date,
        phone=elder.phone,
        district=elder.district,
        address=elder.address,
        emergency_contact=contact,
        device_ids=[d.device_id for d in elder.devices],
    )


def normalize_phone(raw: str) -> str:
    """Caller ID arrives as +86 138..., 0086..., or with spaces and dashes."""
    digits = re.sub(r"[^\d]", "", raw)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits


@router.get("/elders", response_model=schemas.ElderList, response_model_exclude_none=True)
def find_elders(
    session: ReadDB,
    client: Annotated[Client, needs("records:identify")],
    phone: Annotated[str | None, Query(max_length=30)] = None,
    device_id: Annotated[str | None, Query(max_length=40)] = None,
    login: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.ElderList:
    """Identify a caller by caller ID, speaker binding or widget login (exact match only:
    no listing, no partial match)."""
    phone_digits = normalize_phone(phone) if phone else ""
    if not (phone_digits or device_id or login):
        raise invalid("请提供 phone、device_id 或 login / give phone, device_id or login")
    query = select(Elder).order_by(Elder.elder_id)
    if phone_digits:
        query = query.where(Elder.phone == phone_digits)
    if device_id:
        query = query.join(Device).where(Device.device_id == device_id)
    if login:
        query = query.where(Elder.login == login)
    today = local_today()
    # A shared landline may belong to a few elders; never more than a household.
    return schemas.ElderList(items=[elder_view(e, client, today) for e in session.scalars(query.limit(10))])


@router.get("/elders/{elder_id}", response_model=schemas.Elder, response_model_exclude_none=True,
            responses=NOT_FOUND)
def get_elder(elder_id: str, session: ReadDB, client: Annotated[Client, needs("records:read")]) -> schemas.Elder:
    return elder_view(get_or_404(session, Elder, elder_id, "elder"), client)


@router.post("/elders/{elder_id}/verify", response_model=schemas.VerifyResult, responses={**NOT_FOUND, **TOO_MANY})
def verify_elder(
    elder_id: str, body: schemas.VerifyRequest, session: WriteDB, request: Request,
    client: Annotated[Client, needs("records:verify")],
) -> schemas.VerifyResult:
    """Anonymous channels confirm identity with the last four characters of the ID number.
    Limited per elder (a lock after too many wrong answers: 429 with Retry-After) and per client."""
    config = request.app.state.config
    verification.check_client(session, config, client.name)
    elder = session.get(Elder, elder_id, with_for_update=True)  # the lock serialises checks of one elder
    if elder is None:
        verification.record(session, "", client.name, False)  # probing ids counts against the client
        session.commit()
        raise not_found("elder", elder_id)
    tries_left = verification.check_elder(session, config, elder_id)
    ok = elder.id_number[-4:] == body.id_last4.upper()
    verification.record(session, elder_id, client.name, ok)
    session.commit()
    return schemas.VerifyResult(verified=ok, tries_left=tries_left if ok else tries_left - 1)


def next_payment(day: int, today: date) -> date:
    """The next monthly payment on ``day`` (clamped to 28 so every month has it)."""
    day = min(day, 28)
    if today.day <= day:
        return today.replace(day=day)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, day)


@router.get("/elders/{elder_id}/allowances", response_model=schemas.AllowanceList, responses=NOT_FOUND,
            dependencies=[needs("records:read")])
def list_allowances(elder_id: str, session: ReadDB) -> schemas.AllowanceList:
    get_or_404(session, Elder, elder_id, "elder")
    today = local_today()
    rows = session.scalars(select(Allowance).where(Allowance.elder_id == elder_id).order_by(Allowance.id))
    return schemas.AllowanceList(
        items=[
            schemas.Allowance(
                kind=a.kind,
                status=a.status,
                amount_yuan=a.amount_yuan,
                next_payment_date=next_payment(a.payment_day, today) if a.status == "active" else None,
            )
            for a in rows
        ]
    )
