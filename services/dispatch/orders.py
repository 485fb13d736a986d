"""Work-order endpoints (/dispatch/v1/orders...)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from sqlalchemy import select

from services.common.auth import needs
from services.common.db import ReadDB, WriteDB
from services.common.errors import CONFLICT, NOT_FOUND, get_or_404
from services.dispatch import schemas, workflow
from services.models import Notification, Order

router = APIRouter(prefix="/orders", tags=["orders"])
IdempotencyKey = Annotated[
    str,
    Header(alias="Idempotency-Key", min_length=1, max_length=200,
           description="Client-chosen key; repeating it returns the first order instead of a new one"),
]


@router.post(
    "",
    response_model=schemas.Order,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": schemas.Order, "description": "Idempotency-Key seen before: the first order"}},
    dependencies=[needs("dispatch:orders:create")],
)
def create_order(
    body: schemas.OrderCreate, session: WriteDB, response: Response, idempotency_key: IdempotencyKey
) -> schemas.Order:
    order, created = workflow.create(session, idempotency_key, body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return workflow.view(order)


@router.get("", response_model=schemas.OrderList, dependencies=[needs("dispatch:orders:read")])
def list_orders(
    session: ReadDB,
    elder_id: Annotated[str, Query(min_length=1, max_length=12, description="required: orders are listed per elder")],
    type: schemas.OrderType | None = None,
    status: schemas.OrderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> schemas.OrderList:
    """One elder's orders, newest first (there is no listing of everyone's orders)."""
    query = select(Order).where(Order.elder_id == elder_id)
    if type:
        query = query.where(Order.type == type)
    if status:
        query = query.where(Order.status == status)
    rows = session.scalars(query.order_by(Order.created_at.desc(), Order.order_id).limit(limit))
    return schemas.OrderList(items=[workflow.view(o) for o in rows])


@router.get("/{order_id}", response_model=schemas.Order, responses=NOT_FOUND,
            dependencies=[needs("dispatch:orders:read")])
def get_order(order_id: str, session: ReadDB) -> schemas.Order:
    return workflow.view(get_or_404(session, Order, order_id, "order"))


@router.post("/{order_id}/cancel", response_model=schemas.Order, responses={**NOT_FOUND, **CONFLICT},
             dependencies=[needs("dispatch:orders:cancel")])
def cancel_order(order_id: str, session: WriteDB) -> schemas.Order:
    return workflow.view(workflow.cancel(session, get_or_404(session, Order, order_id, "order", lock=True)))


@router.post("/{order_id}/transition", response_model=schemas.Order, responses={**NOT_FOUND, **CONFLICT},
             dependencies=[needs("dispatch:orders:operate")])
def transition_order(order_id: str, body: schemas.Transition, session: WriteDB) -> schemas.Order:
    """Operator side: created → assigned → in_progress → done."""
    order = get_or_404(session, Order, order_id, "order", lock=True)
    return workflow.view(workflow.transition(session, order, body.status))


@router.post("/{order_id}/feedback", response_model=schemas.Order, responses={**NOT_FOUND, **CONFLICT},
             dependencies=[needs("dispatch:orders:operate")])
def order_feedback(order_id: str, body: schemas.Feedback, session: WriteDB) -> schemas.Order:
    """The 回访 satisfaction call, once the order is done."""
    order = get_or_404(session, Order, order_id, "order", lock=True)
    return workflow.view(workflow.record_feedback(session, order, body))


@router.get("/{order_id}/notifications", response_model=schemas.NotificationList, responses=NOT_FOUND,
            dependencies=[needs("dispatch:orders:operate")])
def order_notifications(order_id: str, session: ReadDB) -> schemas.NotificationList:
    get_or_404(session, Order, order_id, "order")
    rows = session.scalars(select(Notification).where(Notification.order_id == order_id).order_by(Notification.id))
    return schemas.NotificationList(
        items=[schemas.Notification.model_validate(n, from_attributes=True) for n in rows]
    )
