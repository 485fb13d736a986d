"""Hand-over items: the queue's order, what the list may show, and what opening one shows.

The list never names the elder: it carries the channel, the reason, a summary built from the
bot's slot names (never their personal values), risk flags and the wait. Opening an item
(``detail``) shows the elder, the transcript, the slots and the open work orders, and is audited
by the route that calls it.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk import wording
from services.models.base import utcnow
from services.models.desk import DeskItem, DeskMessage, DeskUser
from services.models.dispatch import Order
from services.models.records import Allowance, Elder

OPEN_ORDER = ("created", "assigned", "in_progress")
NURSING = "护理补贴"  # paid to elders who cannot look after themselves: the records' sign of 失能


def age(born: date, today: date | None = None) -> int:
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def risk_flags(db: Session, elder_id: str | None) -> list[str]:
    """高龄 (80 or older) and 失能 (a nursing allowance) from records; 独居 once records keeps it."""
    if not elder_id:
        return []
    elder = db.get(Elder, elder_id)
    if elder is None:
        return []
    flags = ["高龄"] if age(elder.birth_date) >= 80 else []
    if db.scalar(select(Allowance.id).where(Allowance.elder_id == elder_id, Allowance.kind == NURSING,
                                            Allowance.status == "active").limit(1)):
        flags.append("失能")
    if getattr(elder, "lives_alone", False):  # records has no such column yet
        flags.append("独居")
    return flags


def rank(item: DeskItem, flags: list[str]) -> tuple:
    """Sort key: emergencies first, then the elder's risk, then the longest wait."""
    emergency = item.kind == "emergency" or item.reason == "emergency"
    return (0 if emergency else 1, -len(flags), item.created_at)


def summary(item: DeskItem) -> str:
    """One line without personal data: why, and what the bot had gathered (slot names and safe values)."""
    parts = [wording.REASONS.get(item.reason, item.reason)]
    if item.kind == "emergency":
        parts = ["紧急求助（P0）"]
    gathered = []
    for slot, value in (item.slots or {}).items():
        label = wording.SLOT_LABELS.get(slot)
        if label is None:
            continue
        gathered.append(label if slot in wording.PERSONAL_SLOTS else f"{label}:{str(value)[:12]}")
    if gathered:
        parts.append("已填 " + "、".join(gathered[:6]))
    if item.kind == "callback":
        parts.append("待回电")
    return " · ".join(parts)


def listed(db: Session, item: DeskItem, flags: list[str], operators: dict[int, str]) -> dict:
    now = utcnow()
    return {
        "id": item.id, "kind": item.kind, "channel": item.channel, "reason": item.reason,
        "reason_label": wording.REASONS.get(item.reason, item.reason), "summary": summary(item),
        "status": item.status, "risk": flags, "identified": bool(item.elder_id),
        "operator": operators.get(item.operator_id or 0), "order_id": item.order_id,
        "created_at": item.created_at.isoformat(), "wait_s": int((now - item.created_at).total_seconds()),
        "live": item.kind == "live",
    }


def queue(db: Session) -> list[dict]:
    """Every item not closed, in the order operators should take them."""
    items = list(db.scalars(select(DeskItem).where(DeskItem.status != "closed").limit(500)))
    operators = dict(db.execute(select(DeskUser.id, DeskUser.name)).all())
    flagged = [(item, risk_flags(db, item.elder_id)) for item in items]
    flagged.sort(key=lambda pair: rank(*pair))
    return [listed(db, item, flags, operators) for item, flags in flagged]


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def elder_card(db: Session, elder_id: str | None) -> dict | None:
    elder = db.get(Elder, elder_id) if elder_id else None
    if elder is None:
        return None
    return {"elder_id": elder.elder_id, "name": elder.name, "gender": elder.gender, "age": age(elder.birth_date),
            "phone": elder.phone, "district": elder.district, "address": elder.address,
            "contact": ({"name": elder.contact_name, "relation": elder.contact_relation, "phone": elder.contact_phone}
                        if elder.contact_phone else None)}


def open_orders(db: Session, elder_id: str | None, also: str | None = None) -> list[dict]:
    where = Order.elder_id == elder_id if elder_id else Order.order_id == (also or "")
    rows = db.scalars(select(Order).where(where, Order.status.in_(OPEN_ORDER)).order_by(Order.created_at.desc())
                      .limit(20))
    return [{"order_id": o.order_id, "type": o.type, "priority": o.priority, "status": o.status,
             "created_at": _iso(o.created_at), "details": o.details} for o in rows]


def messages(db: Session, item_id: int, after: int = 0) -> list[dict]:
    rows = db.scalars(select(DeskMessage).where(DeskMessage.item_id == item_id, DeskMessage.id > after)
                      .order_by(DeskMessage.id).limit(500))
    return [{"id": m.id, "who": m.who, "author": m.author_name, "text": m.text, "at": _iso(m.at)} for m in rows]


def detail(db: Session, item: DeskItem) -> dict:
    flags = risk_flags(db, item.elder_id)
    operators = dict(db.execute(select(DeskUser.id, DeskUser.name)).all())
    return {**listed(db, item, flags, operators), "elder": elder_card(db, item.elder_id), "caller": item.caller,
            "conversation_id": item.conversation_id, "transcript": item.transcript or [], "slots": item.slots or {},
            "slot_labels": wording.SLOT_LABELS, "orders": open_orders(db, item.elder_id, item.order_id),
            "messages": messages(db, item.id), "disposition": item.disposition}
