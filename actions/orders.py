"""The caller's work orders (工单): status, and complaints that become orders."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker

from actions import common
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.orders_common import book_order
from actions.words.vocabulary import NO_COMPLAINT_CONTENT, ORDER_KINDS
from assistant.zh_text import read_digits

# Order statuses dispatch reports, each said by utter_order_<status> (else utter_order_other).
STATUSES = ("created", "assigned", "in_progress", "done", "cancelled")
# A complaint said in one breath (送来的饭是凉的，我要投诉) needs no follow-up question; one that
# only says there is a complaint (俺有个事要投诉一下) is asked what it is about first.
MIN_CONTENT_CHARS = 3
MAX_COMPLAINT_CHARS = 1000
_NO_CONTENT = NO_COMPLAINT_CONTENT


def complaint_content(text: Text) -> bool:
    """Whether the words say what went wrong, beyond 我要投诉 / 有个事反映一下."""
    return len(_NO_CONTENT.sub("", text or "")) >= MIN_CONTENT_CHARS


async def tell_orders(dispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    orders = await common.dispatch().orders(tracker.get_slot("elder_id"))
    if not orders:
        dispatcher.utter_message(response="utter_no_orders")
        return []
    recent = sorted(orders, key=lambda o: o.get("created_at", ""), reverse=True)[:2]
    for order in recent:
        status = order.get("status") if order.get("status") in STATUSES else "other"
        dispatcher.utter_message(response=f"utter_order_{status}", number=read_digits(order["order_id"]),
                                 kind=ORDER_KINDS.get(order["type"], order["type"]))
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
        events = await book_order(dispatcher, tracker, "complaint", "P2", details, "utter_complaint_filed")
        return events + common.end_form(["complaint_text"])
