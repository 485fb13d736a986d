"""What runs in the background of a desk process.

- Call-back and emergency orders from dispatch become items (and each emergency an alarm). The desk
  shares the services' database, so it reads new orders directly; the unique ``order_id`` of an item
  keeps two desk processes from filing one order twice.
- An alarm nobody acknowledged within ``alarm_escalate_s`` alerts the supervisors; within twice that,
  the elder's emergency contact is notified (a ``notifications`` row: the configured notifier's outbox).
- A live hand-over nobody took within ``unassigned_timeout_s`` becomes a call-back: the elder is told
  and the bot resumes.
- Changes another desk process made (several behind one address, same database) are noticed from a
  small fingerprint of the desk tables and pushed to this process's pages too.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desk import wording
from services.models.base import utcnow
from services.models.desk import DeskAlarm, DeskItem, DeskMessage
from services.models.dispatch import Notification, Order
from services.models.records import Elder

log = logging.getLogger("desk.feed")
LOOK_BACK = timedelta(minutes=10)  # orders a restarted desk still picks up


def item_from_order(order: Order) -> DeskItem:
    details = order.details or {}
    emergency = order.type == "emergency"
    caller = details.get("caller") or details.get("phone") or details.get("caller_phone")
    transcript = details.get("transcript") or []
    if emergency and details.get("situation"):
        transcript = [{"who": "caller", "text": str(details["situation"])[:500]}]
    return DeskItem(kind="emergency" if emergency else "callback", channel=str(order.channel)[:16],
                    order_id=order.order_id, elder_id=order.elder_id,
                    caller=str(caller)[:40] if caller else None,
                    reason="emergency" if emergency else str(details.get("reason") or "other")[:20],
                    transcript=transcript, slots=details.get("slots") or {}, status="waiting",
                    created_at=order.created_at)


def take_in_orders(db_factory) -> bool:
    """File new call-back and emergency orders; True if anything was filed."""
    since = utcnow() - LOOK_BACK
    with db_factory() as db:
        orders = list(db.scalars(select(Order).where(Order.type.in_(("callback", "emergency")),
                                                     Order.created_at >= since)))
        known = set(db.scalars(select(DeskItem.order_id).where(DeskItem.order_id.in_([o.order_id for o in orders]))))
    filed = False
    for order in orders:
        if order.order_id in known:
            continue
        try:
            with db_factory() as db:
                item = item_from_order(order)
                db.add(item)
                db.flush()
                if order.type == "emergency":
                    db.add(DeskAlarm(order_id=order.order_id, item_id=item.id, raised_at=order.created_at))
                db.commit()
            filed = True
        except IntegrityError:  # another desk process filed it first
            pass
    return filed


def escalate(db_factory, after_s: int) -> bool:
    now = utcnow()
    changed = False
    with db_factory() as db:
        alarms = list(db.scalars(select(DeskAlarm).where(DeskAlarm.acked_at.is_(None))))
        for alarm in alarms:
            waited = (now - alarm.raised_at).total_seconds()
            if alarm.escalated_at is None and waited >= after_s:
                alarm.escalated_at = now
                changed = True
                log.warning("emergency %s unacknowledged for %ds: supervisors alerted", alarm.order_id, waited)
            if alarm.contact_notified_at is None and waited >= 2 * after_s:
                alarm.contact_notified_at = now
                changed = True
                _notify_contact(db, alarm.order_id)
        db.commit()
    return changed


def _notify_contact(db, order_id: str) -> None:
    order = db.get(Order, order_id)
    elder = db.get(Elder, order.elder_id) if order and order.elder_id else None
    if elder is None or not elder.contact_phone:
        log.warning("emergency %s unacknowledged: no emergency contact to notify", order_id)
        return
    # Only the order number: the contact knows who they are the contact of (dispatch's rule for unverified calls).
    db.add(Notification(order_id=order_id, kind="desk_escalation", to_name=elder.contact_name or "",
                        to_phone=elder.contact_phone,
                        message=f"12349紧急求助单{order_id}暂未有工作人员响应，请尽快联系老人或拨打120。"))


def expire_unassigned(db_factory, timeout_s: int) -> list[DeskItem]:
    """Live items nobody took in time: closed as call-backs; returns them so the caller resumes the bot."""
    cutoff = utcnow() - timedelta(seconds=timeout_s)
    with db_factory() as db:
        stale = list(db.scalars(select(DeskItem).where(DeskItem.kind == "live", DeskItem.status == "waiting",
                                                       DeskItem.created_at < cutoff)))
        for item in stale:
            item.kind, item.status = "callback", "waiting"  # stays in the queue: somebody calls back
            db.add(DeskMessage(item_id=item.id, who="system", text=wording.NOBODY_FREE))
        db.commit()
    return stale


def fingerprint(db_factory) -> dict[str, tuple]:
    """Per bus topic, numbers that move whenever any process changes what that topic shows."""
    with db_factory() as db:
        items = db.execute(select(func.max(DeskItem.id), func.count(DeskItem.taken_at), func.count(DeskItem.closed_at),
                                  func.count(DeskItem.operator_id))).one()
        kinds = db.scalar(select(func.count()).select_from(DeskItem).where(DeskItem.kind == "callback"))
        alarms = db.execute(select(func.max(DeskAlarm.id), func.count(DeskAlarm.acked_at),
                                   func.count(DeskAlarm.escalated_at), func.count(DeskAlarm.contact_notified_at))).one()
        messages = db.scalar(select(func.max(DeskMessage.id)))
    return {"queue": (*items, kinds), "alarms": tuple(alarms), "messages": (messages,)}


async def run(app) -> None:
    """The background loop of one desk process."""
    state, config = app.state, app.state.desk
    last_escalation, seen = 0.0, None
    while True:
        try:
            now = await asyncio.to_thread(fingerprint, state.db.read)
            if seen is not None:
                moved = [topic for topic in now if now[topic] != seen[topic]]
                if moved:
                    state.bus.publish(*moved)
            seen = now
            filed = await asyncio.to_thread(take_in_orders, state.db.write)
            if filed:
                state.bus.publish("queue", "alarms")
            loop_time = asyncio.get_running_loop().time()
            if loop_time - last_escalation >= 1.0:
                last_escalation = loop_time
                if await asyncio.to_thread(escalate, state.db.write, config.alarm_escalate_s):
                    state.bus.publish("alarms")
                stale = await asyncio.to_thread(expire_unassigned, state.db.write, config.unassigned_timeout_s)
                for item in stale:
                    state.bus.publish("queue", f"live:{item.conversation_id}")
                    await state.rasa.resume(item.conversation_id)
        except Exception:
            log.exception("desk background round failed")
        await asyncio.sleep(config.feed_poll_s)
