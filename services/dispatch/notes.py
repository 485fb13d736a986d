"""Notes on an order (/dispatch/v1/orders/{order_id}/notes).

What an emergency caller says after the order went out (where they are, who
is with them) is added here turn by turn, so the operator and the rescuers
read it on the order. Stored in the order's details under ``notes``; each note
is bounded and so is their number, so no client can grow an order without limit.
"""
from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import Field

from services.common.auth import needs
from services.common.db import WriteDB
from services.common.errors import CONFLICT, NOT_FOUND, conflict, get_or_404
from services.common.schemas import StrictRequest
from services.dispatch import schemas, workflow
from services.models import Order
from services.models.base import utcnow

MAX_NOTES = 50
router = APIRouter(prefix="/orders", tags=["orders"])


class NoteCreate(StrictRequest):
    text: str = Field(min_length=1, max_length=500, description="what the caller said, as said")


@router.post("/{order_id}/notes", response_model=schemas.Order, status_code=status.HTTP_201_CREATED,
             responses={**NOT_FOUND, **CONFLICT}, dependencies=[needs("dispatch:orders:create")])
def add_note(order_id: str, body: NoteCreate, session: WriteDB) -> schemas.Order:
    """Append one note; 409 once the order holds MAX_NOTES notes or is closed."""
    order = get_or_404(session, Order, order_id, "order", lock=True)
    notes = list((order.details or {}).get("notes") or [])
    if len(notes) >= MAX_NOTES:
        raise conflict(f"工单{order_id}的备注已满 / order {order_id} already holds {MAX_NOTES} notes")
    if order.status not in workflow.CANCELLABLE:
        raise conflict(f"工单{order_id}已结束 / order {order_id} is {order.status}")
    notes.append({"text": body.text, "at": utcnow().isoformat(timespec="seconds")})
    order.details = {**(order.details or {}), "notes": notes}  # a new dict: the JSON column sees the change
    session.commit()
    return workflow.view(order)
