"""The caller's work orders (工单): status, and complaints that become orders."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker

from actions import common
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.orders_common import book_order
from assistant.zh_text import read_digits

TYPE_WORDS = {"meal": "订餐", "home_care": "上门服务", "emergency": "紧急求助", "complaint": "投诉"}
STATUS_WORDS = {"created": "已经收到", "assigned": "已经派人", "in_progress": "正在办", "done": "已经办完",
                "cancelled": "已经取消"}
# A complaint said in one breath (送来的饭是凉的，我要投诉) needs no follow-up question; one that
# only says there is a complaint (俺有个事要投诉一下) is asked what it is about first.
MIN_CONTENT_CHARS = 3
MAX_COMPLAINT_CHARS = 1000
_NO_CONTENT = re.compile(r"[我俺咱你们您这那有个件事儿想要得给帮把一下点投诉反映意见问题情况说讲啊呀吧呢嘛哦了的是就还]"
                         r"|[\s，,。.！!？?、]")


def complaint_content(text: Text) -> bool:
    """Whether the words say what went wrong, beyond 我要投诉 / 有个事反映一下."""
    return len(_NO_CONTENT.sub("", text or "")) >= MIN_CONTENT_CHARS


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


class ValidateComplaintForm(FormTurns, FormValidationAction):
    def name(self) -> Text:
        return "validate_complaint_form"

    async def extract_complaint_text(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = common.user_text(tracker)
        if (common.latest_intent(tracker) == "complaint" and complaint_content(text)
                and not tracker.get_slot("complaint_text")):
            return {"complaint_text": text}
        return {}

    async def validate_complaint_text(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if not complaint_content(str(value or "")):
            dispatcher.utter_message(response="utter_complaint_what")
            return {"complaint_text": None}
        return {"complaint_text": str(value)[:MAX_COMPLAINT_CHARS]}


class SubmitComplaint(Action):
    def name(self) -> Text:
        return "action_submit_complaint"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        exited = form_exit(dispatcher, tracker, common.end_form(["complaint_text"]))
        if exited is not None:
            return exited
        details = {"text": (tracker.get_slot("complaint_text") or "")[:MAX_COMPLAINT_CHARS]}
        events = await book_order(dispatcher, tracker, "complaint", "P2", details,
                                  "您的意见已经记下了，三个工作日内会有人回电话给您")
        return events + common.end_form(["complaint_text"])
