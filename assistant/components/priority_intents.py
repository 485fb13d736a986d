"""Words that must win over the statistical classifier, in both directions.

An elderly caller who says 救命 or 摔倒了起不来 must reach the emergency path
even when DIET is unsure or the FallbackClassifier has already given up, and
转人工 must reach a person from any turn. Equally, a health word inside an
ordinary answer (少放点盐，俺血压高), a past event, a negation or a policy
question must never become an emergency, whatever DIET learnt from the words.
``emergency_words.judge`` decides; a complaint that may be acute (俺头有点晕)
becomes ``feel_unwell``, which asks one short question first.

It also catches text the classifier cannot judge: DIET answers with
confidence even for noise (嗯啊哦哎呀嘛呢), random syllables, emoji or another
language, so a message without content words becomes nlu_fallback and the
caller is asked to say it again. Runs last in the pipeline.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.components.emergency_words import CALM, RAISE, UNSURE, judge
from assistant.components.intent_rules import ANSWERS as ANSWER_ENTITIES, settle
from assistant.components.text_cap import CAPPED

EMERGENCY, UNWELL, FALLBACK, STATEMENT = "emergency", "feel_unwell", "nlu_fallback", "inform"
NEXT_BEST_MIN = 0.3  # below this, DIET's second choice is noise (0.005 check_application)
HUMAN = ("转人工", "人工服务", "人工客服", "找人工", "要人工", "真人", "接线员", "话务员")
# Sounds and fillers that carry no request: a message made only of these is noise.
FILLER_CHARS = set("嗯啊哦噢喔哎唉呀哟吆喂嘛呢哈呵嘿哼呃额诶欸哇啦呗么咦噫唔嗷呜吧")
FILLER_WORDS = re.compile(r"那个|这个|就是说|就是|然后|怎么说|我说")
# A bare 嗯 / 嗯嗯 is how many elders say yes; anything else made of fillers is noise.
BARE_YES = re.compile(r"^嗯{1,2}$")  # 嗯嗯嗯嗯 is hesitation, not a yes
LATIN = re.compile(r"[A-Za-z]+")
# A yes carries one of these (对, 中, 要得, 好嘞, 冇问题 …): without one, a confident affirm is noise
# (咿咿呀呀, 的的的的) and must never confirm a booking.
YES_WORDS = ("对", "是", "好", "行", "中", "可以", "要", "嗯", "成", "得", "没错", "问题", "确认", "办", "订", "这样",
             "系", "啱", "ok", "需要", "麻烦", "登记", "同意", "当然", "肯定", "妥", "按", "来吧", "弄吧", "可")
# A bare yes said with thanks (谢谢啊 对) is the yes: the thanks must not hijack a confirmation.
YES_TOKENS = {"对", "对的", "对对", "对对对", "是", "是的", "好", "好的", "行", "中", "可以", "嗯", "嗯嗯", "要得", "好嘞", "成"}
KNOWN_FILE, WORDS_FILE = "known_chars.txt", "known_words.txt"


def _content_chars(text: Text) -> List[Text]:
    """Characters that carry meaning: letters, digits, ideographs (no punctuation, spaces, emoji)."""
    return [ch for ch in text if ch.isalnum()]


def _has_word(text: Text, words: Iterable[Text]) -> bool:
    return any(word in text for word in words)


def _without_fillers(text: Text) -> Text:
    return "".join(ch for ch in FILLER_WORDS.sub("", text) if ch.isalnum() and ch not in FILLER_CHARS)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class PriorityIntents(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # min_known_share / min_known_words: below these shares of known characters / words, not understood.
        # keep_emergency_above: DIET's emergency without an emergency word asks first when this sure.
        return {"min_known_share": 0.5, "min_known_words": 0.34, "keep_emergency_above": 0.8}

    def __init__(self, config: Dict[Text, Any], model_storage: Optional[ModelStorage] = None,
                 resource: Optional[Resource] = None, known_chars: Optional[set] = None,
                 known_words: Optional[set] = None) -> None:
        self._min_known = float(config.get("min_known_share", 0.5))
        self._min_words = float(config.get("min_known_words", 0.34))
        self._keep_emergency = float(config.get("keep_emergency_above", 0.8))
        self._storage, self._resource = model_storage, resource
        self._known = known_chars  # None: no vocabulary check (not trained)
        self._words = known_words

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PriorityIntents":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = training_data.training_examples
        known = {ch for example in examples for ch in _content_chars(example.get(TEXT) or "")}
        words = {token.text for example in examples for token in example.get(TOKENS_NAMES[TEXT]) or []}
        for table in training_data.lookup_tables:
            words.update(str(element) for element in table.get("elements") or [])
        for said, value in training_data.entity_synonyms.items():
            words.update((said, value))
        with self._storage.write_to(self._resource) as directory:
            (directory / KNOWN_FILE).write_text("".join(sorted(known)), encoding="utf-8")
            (directory / WORDS_FILE).write_text("\n".join(sorted(w for w in words if "\n" not in w)),
                                                encoding="utf-8")
        self._known, self._words = known, words
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PriorityIntents":
        with model_storage.read_from(resource) as directory:
            known = set((directory / KNOWN_FILE).read_text(encoding="utf-8"))
            words_path = directory / WORDS_FILE
            words = set(words_path.read_text(encoding="utf-8").split("\n")) if words_path.exists() else None
        return cls(config, model_storage, resource, known, words)

    def understood(self, text: Text, tokens: Optional[List[Text]] = None) -> bool:
        """False for noise: nothing but fillers, mostly unseen characters, or mostly unknown words."""
        content = _without_fillers(text)
        if not content:
            return bool(BARE_YES.match("".join(_content_chars(text))))
        if self._known is None:
            return True
        chars = _content_chars(text)
        if sum(ch in self._known for ch in chars) / len(chars) < self._min_known:
            return False
        # Words in Latin letters (another language, random typing) must be known ones: Chinese
        # words new to the training data (a name, 刘桂芳) are judged by their characters above.
        latin = [t for t in tokens or [] if LATIN.fullmatch(t)]
        if self._words is None or not latin:
            return True
        known = sum(t.lower() in self._words or t in self._words for t in latin)
        return known / len(latin) >= self._min_words

    def priority_intent(self, text: Text, intent: Optional[Dict[Text, Any]],
                        ranking: Optional[List[Dict[Text, Any]]] = None, tokens: Optional[List[Text]] = None,
                        capped: bool = False, entities: Iterable[Text] = ()) -> Optional[Text]:
        """The intent the words force, or None to keep the classifier's."""
        name = (intent or {}).get("name")
        confidence = float((intent or {}).get("confidence") or 0.0)
        if text.startswith("/"):
            return None  # a button's or a voice channel's payload (/affirm, /emergency) names its intent
        verdict = judge(text)
        if verdict == RAISE:
            return EMERGENCY
        if _has_word(text, HUMAN):
            return "request_human"
        if capped or not self.understood(text, tokens):
            return FALLBACK
        if verdict == UNSURE:
            return UNWELL
        if name == "affirm" and not _has_word(text.lower(), YES_WORDS):
            return FALLBACK
        if name == "thank" and YES_TOKENS & set(tokens or []):
            return "affirm"
        settled = settle(text, name, ranking or [], entities or ())
        if settled:
            return settled
        if name == FALLBACK and "service_type" in (entities or ()):
            return "book_home_care"  # 灯坏了, 马桶堵了: the words name a home service
        if name == FALLBACK and ANSWER_ENTITIES & set(entities or ()):
            return STATEMENT  # 没有几个人，就我一个: an answer a form can use (portions 一份)
        if name == FALLBACK and verdict == CALM:
            # DIET was unsure between an emergency and something else: the words say it is no emergency
            name = next((r.get("name") for r in ranking or [] if r.get("name") != FALLBACK), name)
        if name in (EMERGENCY, UNWELL):
            if verdict == CALM:  # health words, nothing acute: the next-best meaning if DIET holds one,
                # else a plain statement (inform: inside a form the form judges it, outside it asks what to do)
                others = [r for r in ranking or [] if r.get("name") not in (EMERGENCY, UNWELL, FALLBACK)]
                sure = [r for r in others if float(r.get("confidence") or 0) >= NEXT_BEST_MIN]
                return sure[0]["name"] if sure else STATEMENT
            if name == EMERGENCY and verdict is None:
                # Only the words raise an emergency (DIET alone read 我的降压药快吃完了 and 算了，不约了，
                # 我闺女回来了 as one): a next-best meaning DIET holds wins; else a sure DIET asks first.
                others = [r for r in ranking or [] if r.get("name") not in (EMERGENCY, UNWELL, FALLBACK)]
                sure = [r for r in others if float(r.get("confidence") or 0) >= NEXT_BEST_MIN]
                if sure or confidence < self._keep_emergency:
                    return sure[0]["name"] if sure else UNWELL
                return UNWELL
            if name == EMERGENCY and confidence < self._keep_emergency:
                return UNWELL
        return None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            tokens = [t.text for t in message.get(TOKENS_NAMES[TEXT]) or []]
            ranking = message.get(INTENT_RANKING_KEY) or []
            entities = [e.get("entity") for e in message.get(ENTITIES) or []]
            forced = self.priority_intent(text, message.get(INTENT), ranking, tokens, bool(message.get(CAPPED)),
                                          entities)
            if not forced or (message.get(INTENT) or {}).get("name") == forced:
                continue
            confidence = next((float(r.get("confidence") or 0) for r in ranking if r.get("name") == forced), 0.0)
            # A word-forced intent is certain; a next-best meaning keeps DIET's own confidence.
            if forced in (EMERGENCY, UNWELL, "request_human", FALLBACK, "affirm") or confidence < NEXT_BEST_MIN:
                confidence = 1.0 if forced != STATEMENT else NEXT_BEST_MIN
            message.set(INTENT, {"name": forced, "confidence": confidence}, add_to_output=True)
            ranking = [r for r in ranking if r.get("name") != forced]
            message.set(INTENT_RANKING_KEY, [{"name": forced, "confidence": confidence}] + ranking,
                        add_to_output=True)
        return messages
