"""Policy questions (政策咨询), answered from the city's own documents.

Also the backstop of an unsure NLU: a turn it could not place (nlu_fallback / out_of_scope) is put to
the knowledge base before the caller is asked to rephrase (actions/conversation.py), since most
such turns on this hotline are policy questions worded in a way the NLU never saw. The knowledge base
refuses ordinary requests (订饭, 转人工, the caller's own record) with found=false.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions import common
from actions.clients import ApiError, ServiceUnavailable
from actions.clients.policy import MAX_QUESTION
from assistant.spoken_form import first_sentence

# Channels that show text: they also get the clause itself.
TEXT_CHANNELS = ("widget", "rest", "chat")
# What the previous answer was about, for a follow-up (那八十岁以上的呢？): Policy API prev_q / prev_clause.
QUESTION_SLOT, CLAUSE_SLOT = "policy_question", "policy_clause"
# An unplaced turn shorter than this (in Chinese characters) is only sent as a follow-up: the knowledge
# base matches a word or two of a short remark to some clause (啥？大声点 → 养老互助点).
MIN_OWN_QUESTION = 6
HAN = re.compile(r"[\u4e00-\u9fff]")


async def ask(tracker: Tracker, question: Text) -> dict:
    """The knowledge base's answer, resolved against the previous policy answer of this conversation."""
    return await common.policy().answer(question, common.settings.city,
                                        prev_question=tracker.get_slot(QUESTION_SLOT),
                                        prev_clause=tracker.get_slot(CLAUSE_SLOT))


def say_answer(dispatcher, tracker: Tracker, question: Text, result: dict) -> List[Dict[Text, Any]]:
    """Say a found answer (and the clause on text channels); remember it for a follow-up.

    Two sentences a turn: the answer (what the policy says, then the paper it is from); with a
    warning (a paper no longer in force) its first sentence and the warning; inside a form its first
    sentence only, since the form's question follows. The words are the policy service's."""
    first, rest = first_sentence(result["answer"])
    warning = result.get("warning")
    if tracker.active_loop.get("name"):
        dispatcher.utter_message(text=first)
    elif warning:
        dispatcher.utter_message(text=first)
        dispatcher.utter_message(text=warning)
    else:
        dispatcher.utter_message(text=result["answer"])
    clause = result.get("clause") or {}
    if common.channel(tracker) in TEXT_CHANNELS and clause.get("text"):
        dispatcher.utter_message(json_message={"policy_clause": {
            "title": clause.get("doc_title"), "clause": clause.get("clause_path"),
            "doc_number": clause.get("doc_number"), "text": clause.get("text"), "warning": warning,
            "source": rest or None}})
    return [SlotSet(QUESTION_SLOT, question), SlotSet(CLAUSE_SLOT, result.get("clause_id"))]


async def answer_if_found(dispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """For a turn the NLU could not place: the policy answer if the knowledge base has one, else None
    (and None when it cannot be reached: the caller is then asked to rephrase as before)."""
    question = common.user_text(tracker).strip()
    if not question or common.is_payload(question):  # a button payload carries no question
        return None
    if len(question) > MAX_QUESTION:  # no caller's question: a cut or pasted text is asked again as before
        return None
    if len(HAN.findall(question)) < MIN_OWN_QUESTION and not tracker.get_slot(CLAUSE_SLOT):
        return None  # 啥？大声点 carries no policy question of its own; 那农村的呢？ after an answer does
    try:
        result = await ask(tracker, question)
    except (ServiceUnavailable, ApiError):
        return None
    if not result.get("found") or not result.get("answer"):
        return None
    return say_answer(dispatcher, tracker, question, result)


class AnswerPolicy(Action):
    def name(self) -> Text:
        return "action_answer_policy"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        question = common.user_text(tracker)
        try:
            result = await ask(tracker, question)
        except (ServiceUnavailable, ApiError):
            return common.say_unavailable(dispatcher, tracker)
        if not result.get("found"):
            return common.offer_human(dispatcher, tracker, "utter_policy_not_found", "policy_not_found")
        return say_answer(dispatcher, tracker, question, result)
