"""Allowances (津贴补贴): status, amount and next payment, after identity."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions import common
from actions.slots import order_date

# Statuses the records service reports, each said by utter_allowance_<status> (else utter_allowance_other);
# an active one with a known next payment by utter_allowance_active_next.
STATUSES = ("active", "suspended", "pending")


async def tell_allowances(dispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    items = await common.records().allowances(tracker.get_slot("elder_id"))
    if not items:
        dispatcher.utter_message(response="utter_no_allowance")
        return []
    asked = common.entity_values(tracker).get("allowance_kind")
    chosen = [a for a in items if a.get("kind") == asked] or items
    for item in chosen[:2]:  # two at most, one sentence each: more is too much to hear at once
        status = item.get("status") if item.get("status") in STATUSES else "other"
        pay_day = order_date(item.get("next_payment_date"))
        values = {"kind": item["kind"], "amount": str(item["amount_yuan"])}
        if pay_day and status == "active":
            dispatcher.utter_message(response="utter_allowance_active_next", month=str(pay_day.month),
                                     day=str(pay_day.day), **values)
        else:
            dispatcher.utter_message(response=f"utter_allowance_{status}", **values)
    return []
