"""Creating a work order and telling the caller its number."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.clients import ApiError
from assistant.zh_text import read_digits



def order_body(tracker: Tracker, kind: Text, priority: Text, details: Dict[Text, Any]) -> Dict[Text, Any]:
    meta = (tracker.get_slot("session_started_metadata") or {})
    caller = meta.get("caller_id") or meta.get("device_id") or meta.get("login") or tracker.sender_id
    return {"elder_id": tracker.get_slot("elder_id"), "type": kind, "priority": priority,
            "channel": common.channel(tracker), "details": {**details, "caller": caller}}


async def book_order(dispatcher: CollectingDispatcher, tracker: Tracker, kind: Text, priority: Text,
                     details: Dict[Text, Any], done_response: Text) -> List[Dict[Text, Any]]:
    """Create the order (or queue it) and read its number back digit by digit: ``done_response``
    (filled with {number}) when dispatch took it, utter_order_queued when it waits in the outbox."""
    body = order_body(tracker, kind, priority, details)
    try:
        receipt = await common.dispatch().create_order(body, common.idempotency_key(tracker, kind))
    except ApiError as exc:
        common.log.warning("order refused: %s", common.mask(exc))
        return common.offer_human(dispatcher, tracker, "utter_order_failed", "booking_failed")
    number = read_digits(receipt.number)
    if receipt.queued:
        dispatcher.utter_message(response="utter_order_queued", number=number,
                                 json_message={"reference": receipt.number, "queued": True})
    else:
        dispatcher.utter_message(response=done_response, number=number, json_message={"order_id": receipt.number})
    return []
