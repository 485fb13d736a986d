"""Allowances (津贴补贴): status, amount and next payment, after identity."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions import common
from actions.slots import order_date

STATUS_WORDS = {"active": "正常发放", "suspended": "暂停发放", "pending": "正在审核"}


async def tell_allowances(dispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    items = await common.records().allowances(tracker.get_slot("elder_id"))
    if not items:
        common.say(dispatcher, "没有查到您领的补贴。想问能领哪些补贴，可以问我政策。")
        return []
    asked = common.entity_values(tracker).get("allowance_kind")
    chosen = [a for a in items if a.get("kind") == asked] or items
    for item in chosen[:2]:  # two at most: more is too much to hear at once
        status = STATUS_WORDS.get(item.get("status"), item.get("status"))
        text = f"{item['kind']}{status}，每月{item['amount_yuan']}元"
        pay_day = order_date(item.get("next_payment_date"))
        if pay_day and item.get("status") == "active":
            text += f"，下次{pay_day.month}月{pay_day.day}号发"
        common.say(dispatcher, text + "。")
    return []

