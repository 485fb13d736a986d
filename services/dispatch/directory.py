"""Providers and hotline call records."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy import select

from services.common.auth import needs
from services.common.db import ReadDB, WriteDB
from services.common.ids import new_id
from services.dispatch import schemas
from services.models import CallRecord, Provider

router = APIRouter(tags=["providers and calls"])


@router.get("/providers", response_model=schemas.ProviderList, dependencies=[needs("dispatch:providers:read")])
def list_providers(
    session: ReadDB,
    service: Annotated[str | None, Query(max_length=20, description="meal, emergency, 助洁, 助浴 ...")] = None,
    district: Annotated[str | None, Query(max_length=20)] = None,
) -> schemas.ProviderList:
    query = select(Provider).order_by(Provider.provider_id)
    if district:
        query = query.where(Provider.district == district)
    rows = [p for p in session.scalars(query) if service is None or service in p.services]
    return schemas.ProviderList(items=[schemas.Provider.model_validate(p, from_attributes=True) for p in rows])


@router.post("/calls", response_model=schemas.Call, status_code=status.HTTP_201_CREATED,
             dependencies=[needs("dispatch:calls")])
def record_call(body: schemas.CallCreate, session: WriteDB) -> schemas.Call:
    call = CallRecord(call_id=new_id(session, CallRecord.call_id), **body.model_dump())
    session.add(call)
    session.commit()
    return schemas.Call.model_validate(call, from_attributes=True)
