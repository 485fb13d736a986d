"""Words that must win over the statistical classifier.

An elderly caller who says 救命 or 摔倒了起不来 must reach the emergency path
even when DIET is unsure or the FallbackClassifier has already given up, and
转人工 must reach a person from any turn. This component runs last in the
pipeline and overrides the intent when such words are present.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

# Always an emergency, whatever the classifier thinks.
STRONG_EMERGENCY = ("救命", "救救我", "快来人", "不行了", "喘不上气", "喘不过气", "着火", "煤气泄漏", "晕倒", "昏倒", "没气了", "叫救护车", "打120")
# An emergency unless the classifier is confident it is something else
# (e.g. "摔倒了有没有补贴" is a policy question).
WEAK_EMERGENCY = ("摔倒", "摔了", "跌倒", "胸口疼", "胸口痛", "心口疼", "起不来", "头晕", "出血", "流血", "中风", "抽搐", "呼吸困难", "走丢", "煤气")
HUMAN = ("转人工", "人工服务", "人工客服", "找人工", "要人工", "真人", "接线员", "话务员")
# A negation right before the word (没有摔倒, 不是胸口疼) cancels a weak hit.
NEGATION = re.compile(r"(没有|没|不是|不)$")


def _has_word(text: Text, words: tuple, check_negation: bool) -> bool:
    for word in words:
        start = text.find(word)
        while start != -1:
            if not (check_negation and NEGATION.search(text[max(0, start - 2):start])):
                return True
            start = text.find(word, start + 1)
    return False


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class PriorityIntents(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weak_override_below": 0.9}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._weak_below = float(config.get("weak_override_below", 0.9))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PriorityIntents":
        return cls(config)

    def priority_intent(self, text: Text, intent: Optional[Dict[Text, Any]]) -> Optional[Text]:
        """The intent the words force, or None to keep the classifier's."""
        name = (intent or {}).get("name")
        confidence = float((intent or {}).get("confidence") or 0.0)
        if _has_word(text, STRONG_EMERGENCY, check_negation=False):
            return "emergency"
        if _has_word(text, WEAK_EMERGENCY, check_negation=True) and (
            name in (None, "nlu_fallback", "emergency") or confidence < self._weak_below
        ):
            return "emergency"
        if _has_word(text, HUMAN, check_negation=False):
            return "request_human"
        return None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            forced = self.priority_intent(text, message.get(INTENT))
            if not forced or (message.get(INTENT) or {}).get("name") == forced:
                continue
            message.set(INTENT, {"name": forced, "confidence": 1.0}, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != forced]
            message.set(INTENT_RANKING_KEY, [{"name": forced, "confidence": 1.0}] + ranking, add_to_output=True)
        return messages
