"""Entity values from how callers really say them, beyond the lookup tables.

Lookup tables match only the exact phrases listed (到饭堂吃, not 到饭堂去吃);
these patterns cover the kin of each phrase and give the canonical value at
once: 陪俺去医院看病 → service_type 陪诊, 水龙头坏了修一下 → 维修, 到饭堂去吃 →
dining_mode 堂食, 俩 / 俩人吃 → portions 两份, 要清淡 → diet 低盐. An entity already
extracted is kept; a count inside a price question (多少钱一份) is no portions at all.
Districts come from the deployment's city pack (services/cities/*.yaml), full or
short (武昌 → 武昌区, 东城 → 东城街道), never from one city's list.
Runs after EntitySynonymMapper.
"""
from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, List, Optional, Text

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
         r"|(?:医院|看病|看医生|瞧病|复查|体检|看牙|睇医生|睇病)[^。？！]{0,12}陪|陪诊|陪真|陪同就医|陪同看病", "陪诊"),
        (r"坏了|修一下|修修|修理|维修|来修|修个|漏水|不出水|不亮了|堵了|水龙头|马桶|下水道|灯泡|电灯|门锁|插座|水管|电路|跳闸",
         "维修"),
        (r"打扫|保洁|(?:搞|做|弄|打)[下一个些点]{0,2}卫生|收拾屋|收拾房|收拾家|收拾一下屋|拖地|擦窗|抹窗|做家务|助洁|执屋|执下屋"
         r"|搞清洁|做清洁|搞搞清洁|扫地|清洁", "助洁"),
        (r"洗澡|助浴|擦身|洗个头|洗头|冲[个下]?凉|洗身", "助浴"),
        (r"上门看病|量血压|测血糖|打针|换药|上门医生|助医|(?:帮|替|代)[^，。]{0,8}(?:拿|取|配|买|开)[点些个]?药|代配药",
         "助医"),
        (r"扶[着我俺他她]?[^，。]{0,5}(?:走|散步|遛|转|溜达|逛)|散步|推轮椅|出门走走|出去走走|下楼走|助行|陪着?出门|陪我出门|陪[我俺]?[^，。]{0,3}走走",
         "助行"),
    ],
    "dining_mode": [
        (r"(?:饭堂|食堂|餐厅|助餐点|长者饭堂|老年食堂)(?:里|那里|那儿)?(?:去)?吃|堂食|过去吃|那边吃|那儿吃|自己去吃|上饭堂|去饭堂|到饭堂",
         "堂食"),
        (r"送(?:到|上|过|来|家|餐|饭|去|返|翻)|外送|端过来|拿过来|带过来|返屋企", "送餐"),
    ],
    "portions": [
        (r"俩(?![月天年星礼])|两个人|两口人|两位", "两份"),
        (r"三个人|三口人|三位", "三份"),
        (r"四个人|四口人|四位", "四份"),
        (r"一个人吃|我一个人|就我自己|就俺自己|自己一个|就[我俺]一个|只有[我俺]一个|得我一个|就我一人", "一份"),
    ],
    # 要清淡 / 少搁点盐 / 别太甜 / 冇得么子讲究, said anywhere in the booking.
    "diet": [
        (r"(?:没|冇|无|唔)[得乜有啥什么么子咩]{0,4}(?:要求|忌口|讲究|特别)|乜都食得|[啥么子]都(?:能吃|吃得|食得)|什么都能吃|都食得"
         r"|(?:^|[，,、\s])普通(?:的|饭|菜|口味)?(?:就行|就好|就可以)?(?:$|[，,。、\s])", "普通"),
        (r"清淡|淡[一些点]|少[放搁加落]?[点些啲]?盐|盐[少放]?少|[别莫唔不][要放搁加]{0,2}[太那么咁好]{0,2}多的?盐|[别莫唔不]要?[太咁那么]{0,2}咸|口轻", "低盐"),
        (r"少[放搁加落]?[点些啲]?糖|(?:不|别|莫|唔)[放要加]糖|无糖|[别莫唔不]要?[太咁那么]{0,2}甜", "低糖"),
        (r"软[一些点和乎啲的]|烂[一些点乎的]|好嚼|嚼不动|咬不动|稀[一些点]", "软食"),
    ],
}
# 桥口: how speech recognition writes 硚口.
DISTRICT_HOMOPHONES = {"桥口": "硚口"}
DISTRICT_SUFFIXES = ("街道", "新区", "区", "县", "市", "镇")
log = logging.getLogger(__name__)
# 多少钱一份, 几块钱一份: asking the price, not how many.
PRICE_QUESTION = re.compile(r"多少钱|几块钱|几个钱|价钱|价格|啥价|怎么收费|收费|贵不贵|要钱")
_COMPILED = {name: [(re.compile(p), v) for p, v in rules] for name, rules in PATTERNS.items()}


@functools.lru_cache(maxsize=1)
def _district_pattern() -> Optional[tuple]:
    """(pattern, {said: canonical}) for the deployment city's districts, full and short."""
    try:
        from services.common import city

        districts = list(city.current().districts)
    except (ImportError, ValueError, OSError) as error:  # no pack: districts are asked again
        log.warning("no city pack for district names: %s", error)
        return None
    names = {}
    for full in districts:
        names[full] = full
        short = next((full[:-len(s)] for s in DISTRICT_SUFFIXES if full.endswith(s) and len(full) - len(s) >= 2), None)
        if short:
            names.setdefault(short, full)
    for said, meant in DISTRICT_HOMOPHONES.items():
        if meant in names:
            names[said] = names[meant]
    if not names:
        return None
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))), names


def district_entities(text: Text) -> List[Dict[Text, Any]]:
    """The last district named (不是江岸，是江汉 → 江汉区)."""
    found = _district_pattern()
    if not found:
        return []
    pattern, names = found
    matches = list(pattern.finditer(text))
    if not matches:
        return []
    match = matches[-1]
    return [{"entity": "district", "value": names[match.group()], "start": match.start(), "end": match.end(),
             "extractor": "EntityValues", "confidence_entity": 1.0}]


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
    entities = entities + found_entities(text, have)
    if "district" not in have:
        entities += district_entities(text)
    return entities


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
