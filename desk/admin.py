"""Admin: desk users and the audit log (who opened which elder's data). No elder data itself."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desk import accounts
from desk.accounts import Who
from desk.guard import ADMIN, role
from desk.schemas import NewUser
from services.common.db import ReadDB, WriteDB
from services.models.desk import DeskAudit, DeskUser

router = APIRouter(tags=["admin"])


@router.get("/admin/users")
def users(db: ReadDB, who: Annotated[Who, ADMIN]):
    return {"items": [{"id": u.id, "login": u.login, "name": u.name, "role": u.role, "active": u.active}
                      for u in db.scalars(select(DeskUser).order_by(DeskUser.id))]}


@router.post("/admin/users", status_code=201)
async def add_user(body: NewUser, db: WriteDB, who: Annotated[Who, ADMIN]):
    try:
        user = await run_in_threadpool(accounts.create_user, db, body.login, body.name, body.role, body.password)
        db.commit()
    except IntegrityError as exc:
        raise HTTPException(409, detail=f"用户名{body.login}已存在 / login taken") from exc
    return {"id": user.id, "login": user.login, "role": user.role}


@router.get("/audit")
def audit(db: ReadDB, who: Annotated[Who, role("admin", "supervisor")], elder_id: str | None = None,
          limit: int = 200):
    query = select(DeskAudit, DeskUser.login).join(DeskUser, DeskUser.id == DeskAudit.user_id)
    if elder_id:
        query = query.where(DeskAudit.elder_id == elder_id)
    rows = db.execute(query.order_by(DeskAudit.id.desc()).limit(min(max(limit, 1), 1000)))
    return {"items": [{"id": a.id, "user": login, "action": a.action, "item_id": a.item_id, "elder_id": a.elder_id,
                       "client_ip": a.client_ip, "at": a.at.isoformat()} for a, login in rows]}
