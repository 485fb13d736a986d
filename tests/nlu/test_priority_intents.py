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


def _ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


@pytest.mark.parametrize("text", ["少搁点盐 俺老头子血压高", "前年摔断过腿", "胸口早就不疼了", "摔跤了医药费能报吗"])
def test_health_words_that_are_no_emergency_take_the_next_meaning(text):
    ranking = _ranking(("emergency", 0.7), ("inform", 0.2), ("ask_policy", 0.1))
    assert component.priority_intent(text, ranking[0], ranking) == "inform"


def test_a_complaint_that_may_be_acute_asks_first_even_if_diet_says_something_else():
    assert component.priority_intent("俺这会儿头有点晕", {"name": "book_meal", "confidence": 0.95}) == "feel_unwell"


def test_diet_alone_never_raises_an_emergency():
    # No acute word: however sure DIET is, the caller is asked first; an unsure DIET with a next-best
    # meaning (那个本本寻不见了 inside the identity check) takes that meaning instead.
    assert component.priority_intent("俺家那口子有点不对头", {"name": "emergency", "confidence": 0.6}) == "feel_unwell"
    assert component.priority_intent("俺家那口子有点不对头", {"name": "emergency", "confidence": 0.95}) == "feel_unwell"
    ranking = [{"name": "emergency", "confidence": 0.5}, {"name": "inform", "confidence": 0.4}]
    assert component.priority_intent("那个本本不晓得搁哪了", ranking[0], ranking) == "inform"


# A trained component knows its vocabulary; these stand in for the training data.
trained = PriorityIntents(PriorityIntents.get_default_config(), known_chars=set("我想订明天的午饭对好嗯了要两份"),
                          known_words={"我", "想", "订", "明天", "的", "午饭", "对", "好", "了", "要", "两份"})


@pytest.mark.parametrize("text, tokens", [
    ("嗯啊哦哎呀嘛呢", ["嗯", "啊", "哦", "哎呀", "嘛", "呢"]),
    ("哎呀呀 那个 就是说", ["哎呀", "呀", "那个", "就是说"]),
    ("😀😀👍", []),
    ("hello how are you", ["hello", "how", "are", "you"]),
    ("咕噜咕噜巴拉", ["咕噜", "咕噜", "巴拉"]),
    ("嗯嗯嗯嗯嗯", ["嗯嗯嗯嗯嗯"]),
    ("？？？。。。", []),
])
def test_messages_without_content_words_are_not_understood(text, tokens):
    assert trained.priority_intent(text, {"name": "affirm", "confidence": 0.92}, tokens=tokens) == "nlu_fallback"


@pytest.mark.parametrize("text, tokens", [("嗯", ["嗯"]), ("嗯嗯", ["嗯嗯"]), ("对了对了", ["对", "了", "对", "了"]),
                                          ("我想订明天的午饭", ["我", "想", "订", "明天", "的", "午饭"])])
def test_short_answers_and_requests_keep_their_intent(text, tokens):
    assert trained.priority_intent(text, {"name": "affirm", "confidence": 0.9}, tokens=tokens) is None


def test_a_message_cut_by_the_cap_is_asked_again_unless_it_holds_an_emergency():
    assert trained.priority_intent("我想订明天的午饭", {"name": "book_meal", "confidence": 0.99}, capped=True) == "nlu_fallback"
    assert trained.priority_intent("救命 我摔倒了", {"name": "book_meal", "confidence": 0.99}, capped=True) == "emergency"


@pytest.mark.parametrize("text", ["咿咿呀呀", "的的的的", "哼哼哈嘿"])
def test_an_affirm_without_a_yes_word_is_not_a_yes(text):
    assert component.priority_intent(text, {"name": "affirm", "confidence": 0.7}) == "nlu_fallback"


def test_a_yes_said_with_thanks_is_a_yes_and_thanks_alone_stay_thanks():
    assert component.priority_intent("谢谢啊 对", {"name": "thank", "confidence": 0.64},
                                     tokens=["谢谢", "啊", "对"]) == "affirm"
    assert component.priority_intent("谢谢你们啊", {"name": "thank", "confidence": 0.9},
                                     tokens=["谢谢", "你们", "啊"]) is None


def test_words_naming_a_home_service_are_a_home_care_request_not_noise():
    assert component.priority_intent("灯坏了", {"name": "nlu_fallback", "confidence": 0.45},
                                      entities=["service_type"]) == "book_home_care"


def test_payloads_keep_the_intent_they_name():
    assert component.priority_intent("/emergency", {"name": "emergency", "confidence": 1.0}) is None


def test_a_health_remark_diet_was_unsure_about_is_a_plain_statement():
    ranking = _ranking(("nlu_fallback", 0.45), ("emergency", 0.4), ("inform", 0.1))
    assert component.priority_intent("老伴有糖尿病 甜的不要", ranking[0], ranking) == "inform"


def test_an_unplaced_turn_with_an_answer_in_it_is_a_statement():
    # 屋里就我一个人 to 要几份: DIET could not place it, the words hold the portions
    fallback = {"name": "nlu_fallback", "confidence": 0.45}
    assert component.priority_intent("屋里就我一个人吃", fallback, [fallback], entities=["portions"]) == "inform"
    assert component.priority_intent("屋里就我一个人吃", fallback, [fallback]) is None
