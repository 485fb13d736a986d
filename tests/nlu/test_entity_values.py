"""Entity values from how callers say them (assistant/components/entity_values.py)."""
import pytest

from assistant.components.entity_values import adjust


def values(text, entities=()):
    return {e["entity"]: e["value"] for e in adjust(text, list(entities))}


@pytest.mark.parametrize("text, entity, value", [
    ("后天陪俺娘上医院复查", "service_type", "陪诊"),
    ("能不能找人陪俺去趟医院", "service_type", "陪诊"),
    ("卫生间水龙头坏了 来修修", "service_type", "维修"),
    ("马桶堵了", "service_type", "维修"),
    ("想找个人来搞搞卫生", "service_type", "助洁"),
    ("明天到饭堂去吃", "dining_mode", "堂食"),
    ("俺们上饭堂吃", "dining_mode", "堂食"),
    ("给送到屋里来", "dining_mode", "送餐"),
    ("俩", "portions", "两份"),
    ("俺俩人吃", "portions", "两份"),
    ("就我自己一个人吃", "portions", "一份"),
])
def test_spoken_variants_give_canonical_values(text, entity, value):
    assert values(text)[entity] == value


def test_a_price_question_sets_no_portions():
    said = [{"entity": "portions", "value": "一份", "start": 7, "end": 9}]
    assert "portions" not in values("你们这饭多少钱一份", said)
    assert "portions" not in values("俩人吃要几块钱")


def test_an_entity_already_extracted_is_kept():
    said = [{"entity": "dining_mode", "value": "送餐", "start": 0, "end": 2}]
    assert values("送餐 不去饭堂", said)["dining_mode"] == "送餐"
