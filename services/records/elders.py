"""Identify callers and read their records: elders, verification, allowances."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from services.common.city import local_today
from services.common.db import ReadDB
from services.common.errors import NOT_FOUND, get_or_404, invalid
from services.common.idcard import age_on
from services.models import Allowance, Device, Elder
from services.records import schemas

router = APIRouter(tags=["elders"])


def elder_view(elder: Elder, today: date | None = None) -> schemas.Elder:
    contact = None
    if elder.contact_name and elder.contact_phone:
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
        id_number_last4=elder.id_number[-4:],
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


@router.get("/elders", response_model=schemas.ElderList)
def find_elders(
    session: ReadDB,
    phone: Annotated[str | None, Query(max_length=30)] = None,
    device_id: Annotated[str | None, Query(max_length=40)] = None,
    login: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.ElderList:
    """Identify a caller by caller ID, speaker binding or widget login (any combination)."""
    if not (phone or device_id or login):
        raise invalid("请提供 phone、device_id 或 login / give phone, device_id or login")
    query = select(Elder).order_by(Elder.elder_id)
    if phone:
        query = query.where(Elder.phone == normalize_phone(phone))
    if device_id:
        query = query.join(Device).where(Device.device_id == device_id)
    if login:
        query = query.where(Elder.login == login)
    today = local_today()
    return schemas.ElderList(items=[elder_view(e, today) for e in session.scalars(query.limit(50))])


@router.get("/elders/{elder_id}", response_model=schemas.Elder, responses=NOT_FOUND)
def get_elder(elder_id: str, session: ReadDB) -> schemas.Elder:
    return elder_view(get_or_404(session, Elder, elder_id, "elder"))


@router.post("/elders/{elder_id}/verify", response_model=schemas.VerifyResult, responses=NOT_FOUND)
def verify_elder(elder_id: str, body: schemas.VerifyRequest, session: ReadDB) -> schemas.VerifyResult:
    """Anonymous channels confirm identity with the last four characters of the ID number."""
    elder = get_or_404(session, Elder, elder_id, "elder")
    return schemas.VerifyResult(verified=elder.id_number[-4:] == body.id_last4.upper())


def next_payment(day: int, today: date) -> date:
    """The next monthly payment on ``day`` (clamped to 28 so every month has it)."""
    day = min(day, 28)
    if today.day <= day:
        return today.replace(day=day)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, day)


@router.get("/elders/{elder_id}/allowances", response_model=schemas.AllowanceList, responses=NOT_FOUND)
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
