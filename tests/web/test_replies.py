"""Rasa's REST output as the widget shows it (no servers needed)."""
from web.replies import widget_messages


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


def test_a_policy_clause_gets_its_own_bubble_and_unknown_payloads_are_ignored():
    bubbles = widget_messages([{"text": "可以办。"}, {"custom": {"policy_clause": {
        "title": "办法", "clause": "第三条", "doc_number": "1号", "text": "年满六十周岁……"}}},
        {"custom": {"something": 1}}, "junk"])
    assert [b["text"] for b in bubbles] == ["可以办。", "年满六十周岁……"]
    assert bubbles[1]["extra"]["clause_heading"] == "办法第三条"


def test_more_than_three_buttons_are_cut_to_three():
    bubbles = widget_messages([{"text": "选哪个？", "buttons": [{"title": str(i)} for i in range(5)]}])
    assert [b["title"] for b in bubbles[0]["extra"]["buttons"]] == ["0", "1", "2"]
