"""Rasa's REST output as the widget shows it (no servers needed)."""
import pytest

from voice.tts.text import spoken_form
from web.replies import widget_messages

pytestmark = pytest.mark.fast


def test_text_with_buttons_becomes_a_bubble_with_quick_replies():
    bubbles = widget_messages([{"recipient_id": "x", "text": "对吗？",
                                "buttons": [{"title": "对", "payload": "/affirm"},
                                            {"title": "不对", "payload": "/deny"}]}])
    assert bubbles == [{"text": "对吗？", "extra": {"buttons": [{"title": "对", "payload": "/affirm"},
                                                              {"title": "不对", "payload": "/deny"}]}}]


def test_the_order_number_is_attached_to_the_sentence_before_it():
    bubbles = widget_messages([{"text": "订好了。"}, {"custom": {"order_id": "12345678"}}, {"text": "还有别的吗？"}])
    assert [b["text"] for b in bubbles] == ["订好了。", "还有别的吗？"]
    assert bubbles[0]["extra"] == {"order_id": "12345678"}


def test_one_reply_two_renderings_the_reader_sees_the_number_the_listener_hears_each_digit():
    spelled = [{"text": "订好了。订单号是：二 零 二 六 零 零 四 二。"}, {"custom": {"order_id": "20260042"}}]
    written = [{"text": "订好了。订单号是：20260042。"}, {"custom": {"order_id": "20260042"}}]
    for reply in (spelled, written):  # however the action wrote it
        shown = widget_messages(reply)[0]["text"]
        assert "20260042" in shown and "二" not in shown
        heard = spoken_form(shown)  # what the phone and the speaker say for the same reply
        assert "20260042" not in heard and "二零二六零零四二" in heard


def test_a_policy_clause_is_folded_under_its_answer_and_unknown_payloads_are_ignored():
    bubbles = widget_messages([{"text": "可以办。"}, {"custom": {"policy_clause": {
        "title": "办法", "clause": "第三条", "doc_number": "1号", "text": "年满六十周岁……"}}},
        {"custom": {"something": 1}}, "junk"])
    assert [b["text"] for b in bubbles] == ["可以办。"]
    assert bubbles[0]["extra"] == {"clause_heading": "办法第三条", "clause_text": "年满六十周岁……", "doc_number": "1号"}


def test_more_than_three_buttons_are_cut_to_three():
    bubbles = widget_messages([{"text": "选哪个？", "buttons": [{"title": str(i)} for i in range(5)]}])
    assert [b["title"] for b in bubbles[0]["extra"]["buttons"]] == ["0", "1", "2"]


@pytest.mark.parametrize("expect, titles", [
    ({"kind": "yes_no", "slot": "meal_confirmed"}, ["对", "不对"]),
    ({"kind": "meal", "options": ["早饭", "午饭", "晚饭", "夜宵"], "slot": "meal"}, ["早饭", "午饭", "晚饭"]),
    ({"kind": "count", "slot": "portions"}, []),  # typing 2 is as quick as a tap: no buttons
    ({"kind": "free"}, []), ("key", []), (None, [])])
def test_what_a_question_expects_becomes_quick_replies_where_a_tap_helps(expect, titles):
    bubbles = widget_messages([{"text": "要什么？"}, {"custom": {"expect": expect}}])
    assert [b["title"] for b in bubbles[0]["extra"].get("buttons", [])] == titles


def test_buttons_rasa_sent_win_over_the_expected_ones():
    bubbles = widget_messages([{"text": "几份？", "buttons": [{"title": "一份", "payload": "一份"}]},
                               {"custom": {"expect": {"kind": "yes_no"}}}])
    assert [b["title"] for b in bubbles[0]["extra"]["buttons"]] == ["一份"]


def test_hand_over_and_call_back_ride_on_their_sentence_slow_speech_on_the_whole_reply():
    bubbles = widget_messages([{"custom": {"speech_rate": "slow"}}, {"text": "核对一下：三份。"},
                               {"text": "对吗？"}, {"custom": {"expect": {"kind": "yes_no"}}}])
    assert [b["extra"].get("speech_rate") for b in bubbles] == ["slow", "slow"]  # Rasa sends it first
    assert "buttons" in bubbles[1]["extra"] and "buttons" not in bubbles[0]["extra"]
    bubbles = widget_messages([{"text": "已经为您登记回电。"}, {"custom": {"callback": True, "reference": "Q1"}}])
    assert bubbles[0]["extra"] == {"callback": True, "reference": "Q1"}
    assert widget_messages([{"custom": {"handover": True}}]) == [{"text": "", "extra": {"handover": True}}]
