"""Entity values from how callers really say them, beyond the lookup tables.

Lookup tables match only the exact phrases listed (到饭堂吃, not 到饭堂去吃);
these patterns cover the kin of each phrase and give the canonical value at
once: 陪俺去医院看病 → service_type 陪诊, 水龙头坏了修一下 → 维修, 到饭堂去吃 →
dining_mode 堂食, 俩 / 俩人吃 → portions 两份. An entity already extracted is
kept; a count inside a price question (多少钱一份) is no portions at all.
Runs after EntitySynonymMapper.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

# entity → [(pattern, canonical value)], first match wins (陪诊 before 助医: 陪俺去医院看病).
PATTERNS: Dict[Text, List[tuple]] = {
    "service_type": [
        (r"陪[着我俺他她咱我们老人家妈爸娘爹]{0,3}(?:一起)?(?:去|上)?(?:趟)?(?:医院|看病|看医生|瞧病|就医|就诊|复查|体检|拿药|开药)"
         r"|陪诊|陪真|陪同就医|陪同看病", "陪诊"),
        (r"坏了|修一下|修修|修理|维修|来修|修个|漏水|不出水|不亮了|堵了|水龙头|马桶|下水道|灯泡|电灯|门锁|插座|水管|电路|跳闸",
         "维修"),
        (r"打扫|保洁|(?:搞|做|弄)卫生|收拾屋|收拾房|收拾家|拖地|擦窗|做家务|助洁", "助洁"),
        (r"洗澡|助浴|擦身|洗个头|洗头", "助浴"),
        (r"上门看病|量血压|测血糖|打针|换药|上门医生|助医", "助医"),
        (r"扶着?走|散步|推轮椅|出门走走|助行|陪着?出门|陪我出门", "助行"),
    ],
    "dining_mode": [
        (r"(?:饭堂|食堂|餐厅|助餐点|长者饭堂|老年食堂)(?:里|那里|那儿)?(?:去)?吃|堂食|过去吃|那边吃|那儿吃|自己去吃|上饭堂|去饭堂|到饭堂",
         "堂食"),
        (r"送(?:到|上|过|来|家|餐|饭|去)|外送|端过来|拿过来|带过来", "送餐"),
    ],
    "portions": [
        (r"俩(?![月天年星礼])|两个人|两口人|两位", "两份"),
        (r"三个人|三口人|三位", "三份"),
        (r"四个人|四口人|四位", "四份"),
        (r"一个人吃|我一个人|就我自己|就俺自己|自己一个", "一份"),
    ],
}
# 多少钱一份, 几块钱一份: asking the price, not how many.
PRICE_QUESTION = re.compile(r"多少钱|几块钱|几个钱|价钱|价格|啥价|怎么收费|收费|贵不贵|要钱")
_COMPILED = {name: [(re.compile(p), v) for p, v in rules] for name, rules in PATTERNS.items()}


def found_entities(text: Text, have: set) -> List[Dict[Text, Any]]:
    """Entities the patterns find for the entity types not yet extracted."""
    found = []
    for name, rules in _COMPILED.items():
        if name in have:
            continue
        for pattern, value in rules:
            match = pattern.search(text)
            if match:
                found.append({"entity": name, "value": value, "start": match.start(), "end": match.end(),
                              "extractor": "EntityValues", "confidence_entity": 1.0})
                break
    return found


def adjust(text: Text, entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    if PRICE_QUESTION.search(text):
        entities = [e for e in entities if e.get("entity") != "portions"]
        have = {e.get("entity") for e in entities} | {"portions"}
    else:
        have = {e.get("entity") for e in entities}
    return entities + found_entities(text, have)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class EntityValues(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EntityValues":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = message.get(ENTITIES) or []
            adjusted = adjust(text, entities)
            if adjusted != entities:
                message.set(ENTITIES, adjusted, add_to_output=True)
        return messages
