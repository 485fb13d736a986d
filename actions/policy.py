"""Policy questions (政策咨询), answered from the city's own documents."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action

from actions import common
from actions.clients import ApiError, ServiceUnavailable

# Channels that show text: they also get the clause itself.
TEXT_CHANNELS = ("widget", "rest", "cmdline")


class AnswerPolicy(Action):
    def name(self) -> Text:
        return "action_answer_policy"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        question = common.user_text(tracker)
        try:
            result = await common.policy().answer(question, common.settings.city)
        except (ServiceUnavailable, ApiError):
            return common.say_unavailable(dispatcher, tracker)
        if not result.get("found"):
            return common.offer_human(dispatcher, tracker, "utter_policy_not_found", "policy_not_found")
        common.say(dispatcher, result["answer"])
        if result.get("warning"):
            common.say(dispatcher, result["warning"])
        clause = result.get("clause") or {}
        if common.channel(tracker) in TEXT_CHANNELS and clause.get("text"):
            dispatcher.utter_message(json_message={"policy_clause": {
                "title": clause.get("doc_title"), "clause": clause.get("clause_path"),
                "doc_number": clause.get("doc_number"), "text": clause.get("text")}})
        return []
