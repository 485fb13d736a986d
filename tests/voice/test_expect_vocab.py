"""Expected answers and keypad digits per question kind (no model: the fast tier)."""
from __future__ import annotations

import pytest

from voice.expect import Expect, candidates, key_to_text, parse

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("payload, kind, options", [
    ({"expect": {"kind": "yes_no"}}, "yes_no", ()),
    ({"kind": "options", "options": ["低盐", "低糖", "没有要求"], "slot": "diet"}, "options", ("低盐", "低糖", "没有要求")),
    ({"kind": "options", "options": ["a", "b", "c", "d"]}, "options", ("a", "b", "c")),
    ("key", "options", ()),
])
def test_payload_is_read(payload, kind, options):
    got = parse(payload)
    assert (got.kind, got.options) == (kind, options)


@pytest.mark.parametrize("payload", [None, "yes", {"kind": "shell"}, {"expect": 3}, {"kind": ["yes_no"]}])
def test_unknown_payload_is_no_expectation(payload):
    assert parse(payload) is None


def meanings(expect: Expect) -> dict[str, str]:
    return {c.said: c.answer for c in candidates(expect)}


def test_confirmations_in_regional_words_map_to_yes_or_no():
    said = meanings(Expect("yes_no"))
    for yes in ("对", "对对对", "是的", "嗯", "好嘞", "中", "要得", "对头"):
        assert said[yes] == "对"
    for no in ("不", "不是", "不要", "不用", "算了"):
        assert said[no] == "不对"


def test_counts_dates_meals_in_everyday_words():
    count = meanings(Expect("count"))
    assert count["俩"] == count["二份"] == count["两份"] == "两份"
    assert count["仨"] == "三份" and count["九份"] == "九份"
    date = meanings(Expect("date"))
    assert date["明儿"] == "明天" and date["后儿"] == "后天" and date["大后天"] == "大后天"
    meal = meanings(Expect("meal", ("早饭", "午饭", "晚饭")))
    assert meal["晌午"] == meal["中午"] == meal["第二个"] == "午饭" and meal["晚上"] == "晚饭"


def test_options_come_from_the_question_and_the_caller_can_always_ask_for_a_person():
    said = meanings(Expect("options", ("低盐", "低糖", "没有要求")))
    assert said["第三个"] == "没有要求" and said["低糖的"] == "低糖"
    assert said["转人工"] == "转人工"
    assert candidates(Expect("free")) == candidates(Expect("phone")) == []


@pytest.mark.parametrize("expect, digits, text", [
    (Expect("yes_no"), "1", "对"), (Expect("yes_no"), "2", "不对"), (Expect("yes_no"), "3", None),
    (Expect("count"), "2", "两份"), (Expect("count"), "0", None),
    (Expect("options", ("到饭堂吃", "送到家里")), "2", "送到家里"), (Expect("options", ("a", "b")), "3", None),
    (Expect("meal"), "1", "早餐"), (Expect("date"), "2", "明天"),
    (Expect("phone"), "13800138000", "13800138000"), (Expect("phone"), "138", None),
    (Expect("id_last4"), "1234", "1234"), (Expect("free"), "1", None), (None, "1", None),
    (Expect("options", ("a", "b")), "12", None),
])
def test_keypad_digits_answer_the_question(expect, digits, text):
    assert key_to_text(expect, digits) == text
