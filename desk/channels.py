"""What channels call (bearer token with the desk:handovers scope).

    POST /desk/v1/handovers        a live hand-over: the conversation waits for an operator
    GET  /desk/v1/online           are operators on the desk now? (else the bot offers a call-back)
    POST /desk/v1/live/messages    the elder wrote while an operator holds the conversation (409: not held)
    GET  /desk/v1/live/events      long poll: the operator's messages and the hold state of a conversation

A conversation is named by Rasa's sender id; ``prefix`` finds it for a widget page, whose id is
``widget-<page sender>`` with a login tag after it.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import or_, select

from desk.guard import CHANNEL
from desk.schemas import ElderSays, HandOver
from services.models.desk import DeskItem, DeskMessage, DeskUser

router = APIRouter(tags=["channels"], dependencies=[CHANNEL])
HELD = ("waiting", "taken")
ConversationQuery = Annotated[str, Query(min_length=8, max_length=120, pattern=r"^[A-Za-z0-9_.:+-]+$")]


def _live(db, conversation: str, prefix: bool = False) -> DeskItem | None:
    """The newest live item of a conversation (held or not)."""
    match = (or_(DeskItem.conversation_id == conversation, DeskItem.conversation_id.like(conversation + "-%"))
             if prefix else DeskItem.conversation_id == conversation)
    return db.scalar(select(DeskItem).where(match, DeskItem.conversation_id.is_not(None))
                     .order_by(DeskItem.id.desc()).limit(1))


def _held(item: DeskItem | None) -> bool:
    return item is not None and item.kind == "live" and item.status in HELD


def _open(request: Request, body: HandOver) -> tuple[DeskItem, int, bool]:
    with request.app.state.db.write() as db:
        item = _live(db, body.conversation_id)
        created = not _held(item)
        if created:
            item = DeskItem(kind="live", channel=body.channel, conversation_id=body.conversation_id,
                            elder_id=body.elder_id, caller=body.caller, reason=body.reason,
                            transcript=[t.model_dump() for t in body.transcript], slots=body.slots, status="waiting")
            db.add(item)
            db.flush()
        ahead = len([i for i in db.scalars(select(DeskItem.id).where(DeskItem.status == "waiting",
                                                                     DeskItem.id < item.id))])
        db.commit()
        return item, ahead + 1, created


@router.post("/handovers", status_code=201)
async def hand_over(body: HandOver, request: Request):
    """Queue a conversation for an operator (again for the same conversation: the same item)."""
    item, position, created = await run_in_threadpool(_open, request, body)
    if created:
        request.app.state.bus.publish("queue")
    return {"handover_id": item.id, "position": position, "operators_online": request.app.state.presence.count()}


@router.get("/online")
def online(request: Request, channel: str = Query("widget", max_length=16)):
    """Operators with the desk open now (a channel offers a person only if there is one)."""
    return {"online": request.app.state.presence.count(), "channel": channel}


def _elder_says(request: Request, body: ElderSays) -> str | None:
    with request.app.state.db.read() as db:  # most messages are not held: no write lock for them
        if not _held(_live(db, body.conversation_id, prefix=True)):
            return None
    with request.app.state.db.write() as db:
        item = _live(db, body.conversation_id, prefix=True)
        if not _held(item):
            return None
        db.add(DeskMessage(item_id=item.id, who="elder", text=body.text))
        db.commit()
        return item.conversation_id


@router.post("/live/messages", status_code=201)
async def elder_message(body: ElderSays, request: Request):
    conversation = await run_in_threadpool(_elder_says, request, body)
    if conversation is None:
        raise HTTPException(409, detail="这段对话不在人工手里 / conversation not held by the desk")
    request.app.state.bus.publish("messages")
    return {"held": True}


def _events(request: Request, conversation: str, after: int) -> dict:
    with request.app.state.db.read() as db:
        item = _live(db, conversation, prefix=True)
        if item is None:
            return {"held": False, "operator": None, "messages": [], "conversation_id": None}
        operator = db.get(DeskUser, item.operator_id) if item.operator_id else None
        rows = db.scalars(select(DeskMessage).where(DeskMessage.item_id == item.id, DeskMessage.id > after,
                                                    DeskMessage.who.in_(("operator", "system")))
                          .order_by(DeskMessage.id).limit(100))
        return {"held": _held(item), "operator": operator.name if operator and item.status == "taken" else None,
                "conversation_id": item.conversation_id,
                "messages": [{"id": m.id, "who": m.who, "author": m.author_name, "text": m.text} for m in rows]}


@router.get("/live/events")
async def live_events(request: Request, prefix: ConversationQuery, after: int = Query(0, ge=0),
                      wait: float = Query(0, ge=0, le=25)):
    """What the elder's page should show; with ``wait``, answers as soon as there is something new."""
    state = await run_in_threadpool(_events, request, prefix, after)
    if wait and not state["messages"]:
        topic = f"live:{state['conversation_id']}"
        topics = (topic, "messages", "queue")
        bus = request.app.state.bus
        await bus.wait({t: bus.versions[t] for t in topics}, topics, wait)
        state = await run_in_threadpool(_events, request, prefix, after)
    return state
