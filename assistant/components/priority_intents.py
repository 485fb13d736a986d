"""Words that must win over the statistical classifier.

An elderly caller who says 救命 or 摔倒了起不来 must reach the emergency path
even when DIET is unsure or the FallbackClassifier has already given up, and
转人工 must reach a person from any turn. This component runs last in the
pipeline and overrides the intent when such words are present.

It also catches text the classifier cannot judge: when most characters of a
message never occur in the training data (noise, emoji, another language),
DIET still answers with confidence, so the intent becomes nlu_fallback and
the caller is asked to say it again.
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
from rasa.shared.nlu.training_data.training_data import TrainingData

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


KNOWN_CHARS_FILE = "known_chars.txt"


def _content_chars(text: Text) -> List[Text]:
    """Characters that carry meaning: letters, digits, ideographs (no punctuation or spaces)."""
    return [ch for ch in text if ch.isalnum()]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class PriorityIntents(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # weak_override_below: a weak emergency word wins when DIET is less sure than this.
        # min_known_share: below this share of known characters, the text is not understood.
        return {"weak_override_below": 0.9, "min_known_share": 0.5}

    def __init__(self, config: Dict[Text, Any], model_storage: Optional[ModelStorage] = None,
                 resource: Optional[Resource] = None, known_chars: Optional[set] = None) -> None:
        self._weak_below = float(config.get("weak_override_below", 0.9))
        self._min_known = float(config.get("min_known_share", 0.5))
        self._storage, self._resource = model_storage, resource
        self._known = known_chars  # None: no vocabulary check (not trained)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PriorityIntents":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        known = {ch for example in training_data.training_examples
                 for ch in _content_chars(example.get(TEXT) or "")}
        with self._storage.write_to(self._resource) as directory:
            (directory / KNOWN_CHARS_FILE).write_text("".join(sorted(known)), encoding="utf-8")
        self._known = known
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PriorityIntents":
        with model_storage.read_from(resource) as directory:
            known = set((directory / KNOWN_CHARS_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, known)

    def understood(self, text: Text) -> bool:
        """False when most meaningful characters were never seen in training."""
        chars = _content_chars(text)
        if self._known is None:
            return True
        if not chars:
            return False
        return sum(ch in self._known for ch in chars) / len(chars) >= self._min_known

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
        if not self.understood(text):
            return "nlu_fallback"
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
