"""How a form that did not end in a yes or no ends: stopped on purpose, or handed over.

actions/form_turns.py sets ``form_exit`` (``stop`` after 要取消这次预订吗？ was answered
yes, ``handover`` after a third failed answer) and ends the form; the form's
submit action calls ``form_exit`` first, so no submit books anything then.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handover


def form_exit(dispatcher: CollectingDispatcher, tracker: Tracker,
              reset: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
    """None when the form ended normally; else what was said and ``reset`` (the form's end_form events)."""
    exit_ = tracker.get_slot("form_exit")
    if not exit_:
        return None
    if exit_ == "stop":
        dispatcher.utter_message(response="utter_form_stopped")
        return reset
    # what the form had gathered goes with the call-back: the reset below forgets it
    return reset + handover.hand_over(dispatcher, tracker, "failed_turns", handover.form_context(tracker))
