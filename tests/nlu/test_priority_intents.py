"""Emergency and hand-over words win over the classifier; negations and confident other intents do not flip."""
import pytest

from assistant.components.priority_intents import PriorityIntents

component = PriorityIntents(PriorityIntents.get_default_config())


@pytest.mark.parametrize("text, intent", [
    ("救命啊", {"name": "greet", "confidence": 0.99}),
    ("我妈摔倒了起不来", {"name": "nlu_fallback", "confidence": 0.3}),
    ("胸口疼", {"name": "ask_policy", "confidence": 0.5}),
    ("喘不上气了快来人", {"name": "book_home_care", "confidence": 0.95}),
])
def test_emergency_words_force_emergency(text, intent):
    assert component.priority_intent(text, intent) == "emergency"


@pytest.mark.parametrize("text, intent", [
    ("我没有摔倒，就是想问问补贴", {"name": "ask_policy", "confidence": 0.6}),
    ("摔倒了住院有没有补贴", {"name": "ask_policy", "confidence": 0.97}),
    ("我想订明天的午饭", {"name": "book_meal", "confidence": 0.99}),
])
def test_other_requests_keep_their_intent(text, intent):
    assert component.priority_intent(text, intent) is None


def test_human_words_reach_a_person_unless_it_is_an_emergency():
    assert component.priority_intent("帮我转人工", {"name": "book_meal", "confidence": 0.9}) == "request_human"
    assert component.priority_intent("救命，转人工", {"name": "request_human", "confidence": 0.9}) == "emergency"
