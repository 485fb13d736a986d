"""What every booking form shares: a confirmation turn that allows corrections.

The last required slot of a booking form is a yes/no confirmation. At that
turn the caller may say 对 (book it), give a new value (不对，要两份 — the slot
mapping has already stored it, so we just confirm again), name the part that
is wrong (日期不对 — that slot is cleared and asked again), or say 不对 twice
(the booking is dropped and nothing is ordered).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import YES_NO_BUTTONS, entity_values, latest_intent, say, user_text


def user_intents(tracker: Tracker) -> List[Text]:
    return [e.get("parse_data", {}).get("intent", {}).get("name")
            for e in tracker.events if e.get("event") == "user"]


class ConfirmationRules:
    """Mixin for a FormValidationAction whose form ends in a confirmation slot."""

    confirm_slot: Text = ""
    # slot → words a caller uses to point at it ("日期不对")
    field_words: Dict[Text, tuple] = {}
    # entity names whose presence means the caller gave a corrected value
    correction_entities: tuple = ()

    def check_confirmation(self, value: Any, tracker: Tracker) -> Dict[Text, Any]:
        if value is True:
            return {self.confirm_slot: True}
        if any(name in entity_values(tracker) for name in self.correction_entities):
            return {self.confirm_slot: None}  # corrected value already stored: confirm again
        text = user_text(tracker)
        pointed = [slot for slot, words in self.field_words.items() if any(w in text for w in words)]
        if pointed:
            return {self.confirm_slot: None, **{slot: None for slot in pointed}}
        intents = user_intents(tracker)
        if value is False and intents[-2:] == ["deny", "deny"]:
            return {self.confirm_slot: False}  # said no twice: drop it
        return {self.confirm_slot: None}


class AskConfirmation:
    """Mixin for an Action that reads back what will be done and asks 对吗;
    after a bare 不对 it asks what to change. (Not an Action itself: the SDK
    registers every Action subclass, and this one has no name.)"""

    change_hint: Text = "比如“改成后天”"

    def summary(self, tracker: Tracker) -> Text:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        # Only asked with every slot filled, so a 不对 here with no new value is a bare no.
        if latest_intent(tracker) == "deny" and not entity_values(tracker):
            say(dispatcher, f"哪里不对？请直接说要改成什么，{self.change_hint}。不办了就再说一次“不对”。")
        else:
            say(dispatcher, f"我跟您核对一下：{self.summary(tracker)}。对吗？", buttons=YES_NO_BUTTONS)
        return []
