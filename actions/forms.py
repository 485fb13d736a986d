"""What every booking form shares: a confirmation turn that allows corrections.

The last required slot of a booking form is a yes/no confirmation. At that
turn the caller may say 对 (book it), give a new value (不对，要两份 — the slot
mapping has already stored it, so we just confirm again), name the part that
is wrong (日期不对 — that slot is cleared and asked again), or say 不对 twice
(要取消这次预订吗？ is asked: actions/form_turns.py).

A 不对 only counts as an answer to the confirmation when the confirmation was
the question asked: 没有 / 不用 answering an earlier question (没有忌口 to the
meal form's diet question) also comes with the intent ``deny``, and must not
be heard as a rejection of the read-back that follows it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values, user_text
from actions.words.vocabulary import YES_NO_OPTIONS


@dataclass(frozen=True)
class UserTurn:
    """One thing the caller said, and the form question it answered (``requested_slot`` then)."""

    intent: Optional[Text]
    answered: Optional[Text]
    entities: tuple

    @property
    def bare_no(self) -> bool:
        return self.intent == "deny" and not self.entities


def user_turns(tracker: Tracker) -> List[UserTurn]:
    """The caller's messages in order, each with the slot the form was asking for when it was said."""
    requested: Optional[Text] = None
    turns: List[UserTurn] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind in ("session_started", "restart"):
            requested = None
        elif kind == "user":
            parse = event.get("parse_data") or {}
            turns.append(UserTurn((parse.get("intent") or {}).get("name"), requested,
                                  tuple(e.get("entity") for e in parse.get("entities") or [])))
    return turns


def user_intents(tracker: Tracker) -> List[Text]:
    return [turn.intent for turn in user_turns(tracker)]


def bare_no_to(turn: Optional[UserTurn], confirm_slot: Text) -> bool:
    """A plain 不对 said to the confirmation question itself."""
    return turn is not None and turn.answered == confirm_slot and turn.bare_no


class ConfirmationRules:
    """Mixin for a FormValidationAction whose form ends in a confirmation slot."""

    confirm_slot: Text = ""
    # slot → words a caller uses to point at it ("日期不对")
    field_words: Dict[Text, tuple] = {}
    # entity names whose presence means the caller gave a corrected value
    correction_entities: tuple = ()

    def check_confirmation(self, value: Any, tracker: Tracker) -> Dict[Text, Any]:
        """``value``: True for a clear yes, False for a no, None for anything else (asked again).
        A second plain 不对 in a row asks whether to cancel (``stop_pending``): a no never drops a booking."""
        if value is True:
            return {self.confirm_slot: True}
        if any(name in entity_values(tracker) for name in self.correction_entities):
            return {self.confirm_slot: None}  # corrected value already stored: confirm again
        text = user_text(tracker)
        pointed = [slot for slot, words in self.field_words.items() if any(w in text for w in words)]
        if pointed:
            return {self.confirm_slot: None, **{slot: None for slot in pointed}}
        turns = user_turns(tracker)
        if value is False and len(turns) >= 2 and all(bare_no_to(t, self.confirm_slot) for t in turns[-2:]):
            return {self.confirm_slot: None, "stop_pending": True}  # 不对, 不对: ask 要取消这次预订吗？
        return {self.confirm_slot: None}


class AskConfirmation:
    """Mixin for an Action that reads back what will be done and asks 对吗 (``utter_read_back_<form>``,
    filled with ``summary``); after a bare 不对 to that question it asks what to change
    (``utter_what_to_change_<form>``); after two answers that were neither yes nor no, the keypad /
    quick replies and a person. (Not an Action itself: the SDK registers every Action subclass, and
    this one has no name.)"""

    confirm_slot: Text = ""
    form: Text = ""

    def summary(self, tracker: Tracker) -> Dict[Text, Any]:
        """The values the read-back response is filled with (the rest come from the slots)."""
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        from actions.questions import failures, offer_help, yes_no  # questions imports nothing of this module

        turns = user_turns(tracker)
        payload = yes_no(self.confirm_slot)
        if failures(tracker, self.confirm_slot) >= 2:
            offer_help(dispatcher, tracker, self.confirm_slot, YES_NO_OPTIONS, payload)
        elif turns and bare_no_to(turns[-1], self.confirm_slot):
            dispatcher.utter_message(response=f"utter_what_to_change_{self.form}", json_message=payload)
        else:
            dispatcher.utter_message(response=f"utter_read_back_{self.form}", json_message=payload,
                                     **self.summary(tracker))
        return []
