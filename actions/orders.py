"""The caller's work orders (工单): status, and complaints that become orders."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker

from actions import common
from actions.orders_common import book_order
from assistant.zh_text import read_digits

TYPE_WORDS = {"meal": "订餐", "home_care": "上门服务", "emergency": "紧急求助", "complaint": "投诉"}
STATUS_WORDS = {"created": "已经收到", "assigned": "已经派人", "in_progress": "正在办", "done": "已经办完",
                "cancelled": "已经取消"}
# A complaint said in one breath ("送来的饭是凉的，我要投诉") needs no follow-up question.
MIN_COMPLAINT_CHARS = 8


async def tell_orders(dispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    orders = await common.dispatch().orders(tracker.get_slot("elder_id"))
    if not orders:
        common.say(dispatcher, "没有查到您的工单。")
        return []
    recent = sorted(orders, key=lambda o: o.get("created_at", ""), reverse=True)[:2]
    for order in recent:
        common.say(dispatcher, f"{TYPE_WORDS.get(order['type'], order['type'])}，订单号{read_digits(order['order_id'])}，"
                               f"{STATUS_WORDS.get(order['status'], order['status'])}。")
    return []


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_complaint_form"

    async def extract_complaint_text(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = common.user_text(tracker)
        if (common.latest_intent(tracker) == "complaint" and len(text) >= MIN_COMPLAINT_CHARS
                and not tracker.get_slot("complaint_text")):
            return {"complaint_text": text}
        return {}


class SubmitComplaint(Action):
    def name(self) -> Text:
        return "action_submit_complaint"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        details = {"text": (tracker.get_slot("complaint_text") or "")[:1000]}
        events = await book_order(dispatcher, tracker, "complaint", "P2", details,
                                  "您的意见已经记下了，三个工作日内会有人回电话给您")
        return events + common.end_form(["complaint_text"])
