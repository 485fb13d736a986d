"""The check-in call (定期探访): how are you, have you eaten, anything we can do — one short question
a turn. A red flag in any answer (不舒服, 摔了, 头晕, 没吃饭, 害怕, 没人管) ends the questions in a
hand-over with the transcript (a desk item, and the phone's transfer or a call-back); whatever the
call learnt goes to the care service, which opens the visit order for a red flag."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import httpx
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, common, handover
from actions.clients import desk
from actions.words.care import NEGATORS, NOT_EATEN, NOT_EATEN_FLAG, NOTHING_NEEDED, RED_FLAGS
from assistant.settings import settings

SKIPPED = "-"  # a question the red flag made unnecessary
CARE_URL = settings.care_url
QUESTIONS = ("checkin_feeling", "checkin_eaten", "checkin_need")
CHANNELS = ("phone", "speaker", "widget")


def red_flag(text: Text) -> Optional[Text]:
    """The red flag ``text`` raises, unless it is negated right before (没有不舒服, 不害怕, 没摔着)."""
    for word, flag in RED_FLAGS.items():
        at = text.find(word)
        if at >= 0 and not any(n in text[max(0, at - 2):at] for n in NEGATORS):
            return flag
    return None


def said_since_start(tracker: Tracker) -> List[Text]:
    """What the elder said since the check-in began (an answer the are-you-unwell check took counts too)."""
    texts: List[Text] = []
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "checkin_start":
            texts = []
        elif event.get("text"):
            texts.append(str(event["text"]))
    return texts


def trigger_entities(tracker: Tracker) -> Dict[Text, Any]:
    """What the care scheduler's trigger carried (care_job, care_name, care_elder, care_channel, care_order)."""
    return common.entity_values(tracker)


def called_elder(given: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Who was called, on which channel. Only Rasa's trigger-intent API (its token: the scheduler and the
    gateway) carries these entities — the REST channel turns any /intent{…} into plain words — and a
    triggered conversation starts without channel metadata, so the trigger says it. Like a caller ID,
    it names the elder without proving who answers (no ``verified_elder``)."""
    events: List[Dict[Text, Any]] = [SlotSet("care_job", given.get("care_job"))]
    if given.get("care_elder"):
        events.append(SlotSet("elder_id", str(given["care_elder"])))
    if given.get("care_name"):
        events.append(SlotSet("elder_name", str(given["care_name"])))
    if given.get("care_channel") in CHANNELS:
        events += [SlotSet("channel", given["care_channel"]),
                   SlotSet("operator_line", common.operator_configured(given["care_channel"]))]
    return events


async def report(job: Optional[Text], findings: Dict[Text, Any]) -> None:
    """Tell the care service what the call learnt; it acts on it when the call is recorded. Never raises."""
    if not job or not str(job).isdigit():
        return
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.post(f"{CARE_URL}/care/v1/jobs/{job}/findings", json=findings,
                                         headers={"Authorization": f"Bearer {settings.api_token}"})
        if response.status_code >= 400:
            common.log.warning("care findings for job %s refused: %s", job, response.status_code)
    except httpx.HTTPError as exc:
        common.log.warning("care findings for job %s not sent: %s", job, type(exc).__name__)


def greet_called(dispatcher: CollectingDispatcher, tracker: Tracker, hello: Text) -> List[Dict[Text, Any]]:
    """Say ``hello`` (its ``_named`` variant with the elder's name when known); the trigger's slots."""
    given = trigger_entities(tracker)
    name = given.get("care_name") or tracker.get_slot("elder_name")
    if name:
        dispatcher.utter_message(response=f"{hello}_named", name=str(name))
    else:
        dispatcher.utter_message(response=hello)
    return called_elder(given)


class StartCheckin(Action):
    def name(self) -> Text:
        return "action_checkin_start"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        events = greet_called(dispatcher, tracker, "utter_checkin_hello")
        return events + [SlotSet("checkin_open", True), SlotSet("checkin_red_flag", None)] + [
            SlotSet(slot, None) for slot in QUESTIONS]


class ValidateCheckinForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_checkin_form"

    @staticmethod
    def _flagged(flag: Text, slot: Text, value: Text) -> Dict[Text, Any]:
        # the other questions are skipped: the form ends and the finish action hands over
        skipped = {other: SKIPPED for other in QUESTIONS if other != slot}
        return {slot: value, "checkin_red_flag": flag, **skipped}

    async def validate_checkin_feeling(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        flag = red_flag(str(value))
        return self._flagged(flag, "checkin_feeling", value) if flag else {"checkin_feeling": value}

    async def validate_checkin_eaten(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value)
        flag = red_flag(text) or (NOT_EATEN_FLAG if NOT_EATEN.search(text) or answers.is_no(text) else None)
        return self._flagged(flag, "checkin_eaten", value) if flag else {"checkin_eaten": value}

    async def validate_checkin_need(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        flag = red_flag(str(value))
        return self._flagged(flag, "checkin_need", value) if flag else {"checkin_need": value}


def nothing_needed(text: Optional[Text]) -> bool:
    text = (text or "").strip()
    return not text or text == SKIPPED or bool(NOTHING_NEEDED.match(text)) or answers.is_no(text)


class FinishCheckin(Action):
    def name(self) -> Text:
        return "action_checkin_finish"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        need = tracker.get_slot("checkin_need")
        flag = tracker.get_slot("checkin_red_flag") or next(
            (f for f in map(red_flag, said_since_start(tracker)) if f), None)
        said = handover.transcript(tracker)
        findings: Dict[Text, Any] = {"answers": {slot: str(tracker.get_slot(slot) or "")[:200] for slot in QUESTIONS}}
        events: List[Dict[Text, Any]] = [SlotSet("checkin_open", False)]
        if flag:
            findings.update(red_flag=flag, transcript=said)
        await report(tracker.get_slot("care_job"), findings)
        if flag:
            dispatcher.utter_message(response="utter_checkin_worried")
            await self._desk_item(tracker, said, flag)
            return events + handover.hand_over(dispatcher, tracker, "other", slots={"red_flag": flag}, short=True)
        if not nothing_needed(need):
            dispatcher.utter_message(response="utter_checkin_need_noted")
            return events + handover.hand_over(dispatcher, tracker, "other", slots={"need": str(need)[:200]},
                                               short=True)
        dispatcher.utter_message(response="utter_checkin_bye")
        return events

    @staticmethod
    async def _desk_item(tracker: Tracker, said: List[Dict[Text, Text]], flag: Text) -> None:
        channel = common.channel(tracker)
        if channel not in ("phone", "widget", "speaker", "chat", "rest"):
            return
        await desk.open_handover(conversation_id=tracker.sender_id, channel=channel, reason="other",
                                 transcript=said, slots={"red_flag": flag, "care_job": tracker.get_slot("care_job")},
                                 elder_id=tracker.get_slot("elder_id"))
