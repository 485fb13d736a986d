"""Emergencies: a P0 order at once, the contact notified, the caller kept on the line."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action

from actions import common
from actions.clients import ApiError
from actions.conversation import FORM_SLOTS
from actions.orders_common import order_body


class Emergency(Action):
    def name(self) -> Text:
        return "action_emergency"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        # Speak first: the caller must hear what to do even if every service is down.
        common.say(dispatcher, "别着急，我马上通知人来帮您。情况危险请马上拨打120。请不要挂电话。")
        body = order_body(tracker, "emergency", "P0", {"situation": common.user_text(tracker)[:500]})
        try:
            receipt = await common.dispatch().create_order(body, common.idempotency_key(tracker, "emergency"))
            common.say(dispatcher, "已经通知您的紧急联系人和值班人员。现在为您转接人工。",
                       json_message={"handover": True, "reason": "emergency", "order_id": receipt.number,
                                     "queued": receipt.queued})
        except ApiError as exc:
            common.log.error("emergency order refused: %s", common.mask(exc))
            common.say(dispatcher, "现在为您转接人工。", json_message={"handover": True, "reason": "emergency"})
        return common.end_form(list(FORM_SLOTS))
