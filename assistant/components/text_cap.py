"""Only the first ``settings.nlu_max_chars`` characters of a message reach the NLU.

First in the pipeline, before the tokenizer: a 50,000-character message that
some channel let through would otherwise grow DIET's sequence (and Rasa's
memory) without bound. A cut message is marked, and PriorityIntents answers it
with nlu_fallback (asked again) unless it already holds an emergency.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.settings import settings

CAPPED = "text_capped"  # message property: the text was cut


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class TextCap(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, max_chars: Optional[int] = None) -> None:
        self.max_chars = max_chars or settings.nlu_max_chars

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextCap":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples are short; only live messages are cut

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > self.max_chars:
                message.set(TEXT, text[: self.max_chars])
                message.set(CAPPED, True)
        return messages
