"""The operator's work on an item: the queue, opening (audited), take, reply, note, close, work orders.

Live items (a conversation still open on the widget) pause the bot when taken and resume it when
closed; replies reach the elder through the channel's gateway (desk/channels.py).
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from desk import items, wording
from desk.accounts import Who
from desk.guard import DESK
from desk.schemas import Close, Message, NewOrder
from services.common.db import ReadDB, WriteDB
from services.models.base import utcnow
from services.models.desk import DeskAudit, DeskItem, DeskMessage

router = APIRouter(tags=["desk"])
Operator = Annotated[Who, DESK]


def _item(db, item_id: int, lock: bool = False) -> DeskItem:
    query = select(DeskItem).where(DeskItem.id == item_id)
    item = db.scalar(query.with_for_update() if lock else query)
    if item is None:
        raise HTTPException(404, detail=f"没有这一项 / no item {item_id}")
    return item


def _opened(db, who: Who, item_id: int) -> None:
    """Messages and changes need the item opened (and so audited) by this user first."""
    if db.scalar(select(DeskAudit.id).where(DeskAudit.user_id == who.id, DeskAudit.item_id == item_id,
                                             DeskAudit.action == "open_item").limit(1)) is None:
        raise HTTPException(403, detail="请先打开这一项 / open the item first")


def _mine(item: DeskItem, who: Who) -> None:
    if item.status != "taken" or item.operator_id != who.id:
        raise HTTPException(409, detail="请先接手这一项 / take the item first")


@router.get("/queue")
def queue(db: ReadDB, who: Operator):
    """Open items, most urgent first; no personal data."""
    return {"items": items.queue(db)}


@router.get("/canned")
def canned(who: Operator):
    return {"items": list(wording.CANNED)}


@router.get("/items/{item_id}")
def open_item(item_id: int, request: Request, db: WriteDB, who: Operator):
    """The whole item: elder, transcript, slots, open orders. Every opening is audited."""
    item = _item(db, item_id)
    db.add(DeskAudit(user_id=who.id, action="open_item", item_id=item.id, elder_id=item.elder_id,
                     client_ip=request.client.host if request.client else None))
    db.commit()
    return items.detail(db, item)


@router.get("/items/{item_id}/messages")
def item_messages(item_id: int, db: ReadDB, who: Operator, after: int = 0):
    _opened(db, who, item_id)
    return {"messages": items.messages(db, item_id, after)}


def _take(request: Request, item_id: int, who: Who) -> DeskItem:
    with request.app.state.db.write() as db:
        _opened(db, who, item_id)
        item = _item(db, item_id, lock=True)
        if item.status == "closed":
            raise HTTPException(409, detail="这一项已经结束 / item closed")
        if item.status == "taken" and item.operator_id != who.id:
            raise HTTPException(409, detail="已经有人接手 / someone else took it")
        if item.status == "waiting":
            item.status, item.operator_id, item.taken_at = "taken", who.id, utcnow()
            if item.kind == "live":
                db.add(DeskMessage(item_id=item.id, who="system", text=wording.OPERATOR_JOINED.format(name=who.name)))
        db.commit()
        return item


@router.post("/items/{item_id}/take")
async def take(item_id: int, request: Request, who: Operator):
    item = await run_in_threadpool(_take, request, item_id, who)
    if item.kind == "live" and item.conversation_id:
        await request.app.state.rasa.pause(item.conversation_id)  # the turn that handed over has ended by now
    request.app.state.bus.publish("queue", "messages", f"live:{item.conversation_id}")
    return {"id": item.id, "status": item.status}


def _add(request: Request, item_id: int, who: Who, kind: str, text: str) -> dict:
    with request.app.state.db.write() as db:
        _opened(db, who, item_id)
        item = _item(db, item_id)
        if kind == "operator":
            _mine(item, who)
            if item.kind != "live":
                raise HTTPException(409, detail="这位老人不在线，请回电 / not a live conversation: call back")
        message = DeskMessage(item_id=item.id, who=kind, author_id=who.id, author_name=who.name, text=text)
        db.add(message)
        db.commit()
        return {"id": message.id, "conversation_id": item.conversation_id}


@router.post("/items/{item_id}/reply", status_code=201)
async def reply(item_id: int, body: Message, request: Request, who: Operator):
    """A message to the elder, shown in the widget's thread with the operator's name."""
    sent = await run_in_threadpool(_add, request, item_id, who, "operator", body.text)
    request.app.state.bus.publish("messages", f"live:{sent['conversation_id']}")
    return {"id": sent["id"]}


@router.post("/items/{item_id}/notes", status_code=201)
async def note(item_id: int, body: Message, request: Request, who: Operator):
    """A private note: other operators see it, the elder never does."""
    sent = await run_in_threadpool(_add, request, item_id, who, "note", body.text)
    request.app.state.bus.publish("messages")
    return {"id": sent["id"]}


def _close(request: Request, item_id: int, who: Who, disposition: str) -> DeskItem:
    with request.app.state.db.write() as db:
        _opened(db, who, item_id)
        item = _item(db, item_id, lock=True)
        if item.status == "closed":
            return item
        if item.status == "taken" and item.operator_id != who.id and who.role != "supervisor":
            raise HTTPException(409, detail="这一项由别人处理 / another operator works this item")
        was_live = item.kind == "live" and item.status == "taken"
        item.status, item.disposition, item.closed_at = "closed", disposition, utcnow()
        item.operator_id = item.operator_id or who.id
        item.taken_at = item.taken_at or item.closed_at
        if was_live:
            db.add(DeskMessage(item_id=item.id, who="system", text=wording.HANDED_BACK))
        db.commit()
        return item


@router.post("/items/{item_id}/close")
async def close(item_id: int, body: Close, request: Request, who: Operator):
    """Close with a disposition; a live conversation goes back to the bot where it was."""
    item = await run_in_threadpool(_close, request, item_id, who, body.disposition)
    if item.kind == "live" and item.conversation_id:
        await request.app.state.rasa.resume(item.conversation_id)
    request.app.state.bus.publish("queue", "messages", f"live:{item.conversation_id}")
    return {"id": item.id, "status": item.status, "disposition": item.disposition}


def _elder_of(request: Request, item_id: int, who: Who) -> str | None:
    with request.app.state.db.read() as db:
        _opened(db, who, item_id)
        return _item(db, item_id).elder_id


@router.post("/items/{item_id}/orders", status_code=201)
async def create_order(item_id: int, body: NewOrder, request: Request, who: Operator):
    """A work order on the elder's behalf, through the dispatch API (the page's key makes a retry safe)."""
    elder_id = await run_in_threadpool(_elder_of, request, item_id, who)
    payload = {"type": body.type, "channel": "desk", "details": body.details,
               **({"elder_id": elder_id} if elder_id else {}), **({"priority": body.priority} if body.priority else {})}
    return await request.app.state.dispatch.call("POST", "/orders", payload,
                                                 {"Idempotency-Key": f"desk-{item_id}-{body.idempotency_key}"})


@router.post("/items/{item_id}/orders/{order_id}/notes", status_code=201)
async def amend_order(item_id: int, order_id: str, body: Message, request: Request, who: Operator):
    """Amend a work order: the operator's words go on the order as a note."""
    await run_in_threadpool(_elder_of, request, item_id, who)
    return await request.app.state.dispatch.call("POST", f"/orders/{order_id}/notes", {"text": body.text})


@router.post("/items/{item_id}/orders/{order_id}/cancel")
async def cancel_order(item_id: int, order_id: str, request: Request, who: Operator):
    await run_in_threadpool(_elder_of, request, item_id, who)
    return await request.app.state.dispatch.call("POST", f"/orders/{order_id}/cancel", None)
