"""Order life cycle: idempotent creation, provider assignment, the state machine,
and the emergency-contact notification. Routes stay thin; the rules live here."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.common.errors import conflict, get_or_422, invalid
from services.common.ids import new_id
from services.dispatch import schemas
from services.models import Elder, MealSite, Notification, Order, Provider

# status → statuses the operator side may move it to (cancel has its own endpoint).
TRANSITIONS: dict[str, set[str]] = {
    "created": {"assigned"},
    "assigned": {"in_progress"},
    "in_progress": {"done"},
    "done": set(),
    "cancelled": set(),
}
CANCELLABLE = {"created", "assigned", "in_progress"}


def view(order: Order) -> schemas.Order:
    feedback = None
    if order.feedback_score is not None:
        feedback = schemas.Feedback(score=order.feedback_score, comment=order.feedback_comment or "")
    return schemas.Order(
        order_id=order.order_id, elder_id=order.elder_id, type=order.type, priority=order.priority,
        status=order.status, channel=order.channel, details=order.details, provider_id=order.provider_id,
        feedback=feedback, created_at=order.created_at, updated_at=order.updated_at,
    )


def _service_of(order: Order) -> str | None:
    if order.type == "home_care":
        return order.details.get("service")
    return {"meal": "meal", "emergency": "emergency"}.get(order.type)


def pick_provider(session: Session, service: str, district: str | None) -> Provider | None:
    """The first provider offering ``service``, preferring the elder's district."""
    candidates = [p for p in session.scalars(select(Provider).order_by(Provider.provider_id)) if service in p.services]
    local = [p for p in candidates if p.district == district]
    return (local or candidates or [None])[0]


def _assign(session: Session, order: Order, elder: Elder | None) -> None:
    service = _service_of(order)
    if order.provider_id is None and service is not None:
        provider = pick_provider(session, service, elder.district if elder else None)
        order.provider_id = provider.provider_id if provider else None
    order.status = "assigned"


def _emergency_message(order: Order, elder: Elder) -> str:
    """A verified caller's emergency names the elder and the place; an unverified one (anyone may
    claim to be anyone) says nothing from the elder's record, only what the caller said."""
    situation = order.details.get("situation", "")
    if order.details.get("identity_verified") is True:
        place = order.details.get("location") or elder.address
        return (
            f"【12349紧急求助】{elder.contact_name}您好，{elder.name}在{place}发起紧急求助：{situation}。"
            f"工单号{order.order_id}，服务人员已派出。请尽快联系老人，必要时拨打120。"
        )
    said = order.details.get("location")
    where = f"来电者说的位置：{said}。" if said else ""
    return (
        f"【12349紧急求助】{elder.contact_name}您好，12349热线接到一个提到您家人的紧急求助"
        f"（来电者身份未核实）：{situation}。{where}工单号{order.order_id}，服务人员已派出。"
        f"请尽快联系您的家人，必要时拨打120。"
    )


def _notify_contact(session: Session, order: Order, elder: Elder | None) -> None:
    if order.type != "emergency" or elder is None or not elder.contact_phone:
        return
    session.add(Notification(
        order_id=order.order_id, kind="emergency_contact", to_name=elder.contact_name or "",
        to_phone=elder.contact_phone, message=_emergency_message(order, elder),
    ))


def _find_by_key(session: Session, key: str) -> Order | None:
    return session.scalar(select(Order).where(Order.idempotency_key == key))


def _same_request(existing: Order, body_hash: str) -> None:
    """A reused key must carry the same request; orders from before hashes existed match any."""
    if existing.request_hash is not None and existing.request_hash != body_hash:
        raise invalid("Idempotency-Key 已用于另一个不同的请求 / this Idempotency-Key was used with a different body")


def _check_references(session: Session, body: schemas.OrderCreate, details: dict) -> Elder | None:
    elder = get_or_422(session, Elder, body.elder_id, "elder") if body.elder_id else None
    if details.get("site_id"):
        get_or_422(session, MealSite, details["site_id"], "meal site")
    if details.get("about_order_id"):
        get_or_422(session, Order, details["about_order_id"], "order")
    return elder


def create(session: Session, key: str, body: schemas.OrderCreate) -> tuple[Order, bool]:
    """Create the order for ``key`` and commit; return (order, created). A key seen
    before, even one committed concurrently a moment ago, yields the first order."""
    body_hash = body.canonical_hash()
    existing = _find_by_key(session, key)
    if existing is not None:
        _same_request(existing, body_hash)
        return existing, False  # even if a retry's body no longer validates (e.g. a date now past)
    details = schemas.checked_details(body)
    elder = _check_references(session, body, details)
    order = Order(
        order_id=new_id(session, Order.order_id), idempotency_key=key, request_hash=body_hash,
        elder_id=body.elder_id,
        type=body.type, priority=body.priority, status="created", channel=body.channel, details=details,
    )
    if order.type == "emergency":
        _assign(session, order, elder)
    try:
        session.add(order)
        session.flush()
        if order.type == "emergency":
            _notify_contact(session, order, elder)
        session.commit()
    except IntegrityError:
        # Another request with the same key won the race on the unique constraint.
        session.rollback()
        existing = _find_by_key(session, key)
        if existing is None:
            raise
        _same_request(existing, body_hash)
        return existing, False
    return order, True


def transition(session: Session, order: Order, target: str) -> Order:
    if order.status == target:
        return order  # a repeated operator click is not an error
    if target not in TRANSITIONS[order.status]:
        raise conflict(f"工单状态{order.status}不能变为{target} / cannot move an order from {order.status} to {target}")
    if target == "assigned":
        _assign(session, order, session.get(Elder, order.elder_id) if order.elder_id else None)
    else:
        order.status = target
    session.commit()
    return order


def cancel(session: Session, order: Order) -> Order:
    if order.status == "cancelled":
        return order
    if order.status not in CANCELLABLE:
        raise conflict(f"工单已{order.status}，不能取消 / order is {order.status} and cannot be cancelled")
    order.status = "cancelled"
    session.commit()
    return order


def record_feedback(session: Session, order: Order, feedback: schemas.Feedback) -> Order:
    if order.status != "done":
        raise conflict(f"工单尚未完成（{order.status}），不能回访 / feedback only after the order is done")
    order.feedback_score = feedback.score
    order.feedback_comment = feedback.comment
    session.commit()
    return order
