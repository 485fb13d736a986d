"""Turns that belong to no skill: repeat, hand-over, fallback, stopping a form."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted

from actions import common

# Every slot a form fills; stopping a form or handing over forgets them all.
FORM_SLOTS = ("date", "time_of_day", "meal", "portions", "dining_mode", "diet", "meal_confirmed",
              "service_type", "care_confirmed", "applicant_name", "id_number", "district", "card_confirmed",
              "phone", "id_last4", "cancel_confirmed", "complaint_text")
REPHRASE = "不好意思，我没听明白。您能换个说法再说一遍吗？比如“我要订午饭”。"
NOT_HEARD = "不好意思，我没听明白。"  # every not-understood answer starts so; counted for the hand-over
ASK_WHAT = "好的。请问您想办什么事？订餐、上门服务，还是问政策？"


def last_answer(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The bot messages that answered the caller's previous turn."""
    answer: List[Dict[Text, Any]] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1 and event.get("text"):
            answer.insert(0, event)
    return answer


class Repeat(Action):
    def name(self) -> Text:
        return "action_repeat"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        answer = last_answer(tracker)
        if not answer and not tracker.active_loop.get("name"):
            common.say(dispatcher, "我刚才还没说什么。请问您要办什么事？")
            return []
        if tracker.active_loop.get("name"):
            answer = answer[:-1]  # the form asks its question again itself, right after this
        for message in answer:
            buttons = (message.get("data") or {}).get("buttons")
            common.say(dispatcher, message["text"], buttons=buttons or [])
        # Voice channels read this to speak the repeat more slowly.
        dispatcher.utter_message(json_message={"speech_rate": "slow"})
        return []


class Handover(Action):
    def name(self) -> Text:
        return "action_handover"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        common.say(dispatcher, f"好的，马上为您转接人工客服，请不要挂机。接不通的话，请拨打{common.settings.hotline}。",
                   json_message={"handover": True, "reason": common.latest_intent(tracker)})
        return common.end_form(list(FORM_SLOTS))


def trailing_misunderstood(tracker: Tracker) -> int:
    """How many of the caller's last turns in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if event.get("parse_data", {}).get("intent", {}).get("name") not in ("nlu_fallback", "out_of_scope"):
            break
        count += 1
    return count


class Fallback(Action):
    """Two-stage fallback: ask once to rephrase, then hand over to a person."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if trailing_misunderstood(tracker) >= 2:
            return await Handover().run(dispatcher, tracker, domain)
        if common.latest_intent(tracker) == "out_of_scope":
            common.say(dispatcher, "这个我帮不上忙。我可以帮您订餐、约上门服务、办老年证、查政策。要不要转人工？",
                       buttons=common.YES_NO_BUTTONS)
            return [SlotSet("offered_human", True)]
        common.say(dispatcher, REPHRASE)
        return []


def not_understood_before(tracker: Tracker) -> int:
    """How many of the caller's turns right before the latest one were answered with 没听明白."""
    count, replies = 0, []
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            replies.append(event.get("text") or "")
        elif event.get("event") == "user":
            if replies and not any(text.startswith(NOT_HEARD) for text in replies):
                break
            count += bool(replies)
            replies = []
    return count


class InformWithoutContext(Action):
    """An answer that fits nothing: with no form open, ask what the caller wants; inside a form it
    filled nothing the form asked (often a misheard answer, 宋到家里), so say so — the form asks its
    question again — and after two such answers in a row hand over rather than loop."""

    def name(self) -> Text:
        return "action_inform_without_context"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if not tracker.active_loop.get("name"):
            common.say(dispatcher, ASK_WHAT)
            return []
        if not_understood_before(tracker) >= 1:
            return await Handover().run(dispatcher, tracker, domain)
        common.say(dispatcher, NOT_HEARD)
        return []


class DeclineHuman(Action):
    def name(self) -> Text:
        return "action_decline_human"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        common.say(dispatcher, "好的。还有别的需要吗？")
        return [SlotSet("offered_human", False)]


class CancelForm(Action):
    """The caller said 算了 / 不办了 in the middle of a form: nothing is booked."""

    def name(self) -> Text:
        return "action_cancel_form"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        common.say(dispatcher, "好的，已经取消了，没有下单。还有别的需要吗？")
        return common.end_form(list(FORM_SLOTS))


class NotUnderstood(Action):
    """The dialogue policy's own fallback: ask again and forget the turn.

    Reverting the turn is what ends it; without that the policy would be just
    as unsure after this action and pick it again and again.
    """

    def name(self) -> Text:
        return "action_not_understood"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        common.say(dispatcher, REPHRASE)
        return [UserUtteranceReverted()]
