"""A turn the NLU could not place is put to the policy knowledge base first: its answer is said and
remembered for a follow-up; a refusal (found=false) or an unreachable service leaves the ordinary
ask-again / hand-over path exactly as it was. The knowledge base is faked here: what is checked is
what the caller would get from each of its answers, and what is sent to it."""
from __future__ import annotations

import pytest

from actions import common, policy
from actions.clients import ServiceUnavailable
from actions.conversation import Fallback, trailing_misunderstood
from tests.actions.conftest import make_tracker, said, user_event

FOUND = {"found": True, "answer": "新建小区每百户不少于20平方米养老服务用房。这是武汉市2017年养老服务意见说的。",
         "clause": {"doc_title": "武汉", "clause_path": "三/(二)/1", "text": "新建居住(小)区按照每百户不少于20平方米"},
         "clause_id": "wuhan_2017_yanglao_fuwu_gongji#三/(二)/1"}


class FakePolicy:
    def __init__(self, result=None, error=None):
        self.result, self.error, self.asked = result, error, []

    async def answer(self, question, city=None, prev_question=None, prev_clause=None):
        self.asked.append({"q": question, "prev_q": prev_question, "prev_clause": prev_clause})
        if self.error:
            raise self.error
        return self.result


@pytest.fixture
def kb(monkeypatch):
    def install(**kwargs):
        fake = FakePolicy(**kwargs)
        monkeypatch.setattr(common, "policy", lambda: fake)
        return fake
    return install


def slot_values(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.asyncio
async def test_an_unplaced_policy_question_is_answered_and_remembered(dispatcher, kb):
    fake = kb(result=FOUND)
    tracker = make_tracker({}, [user_event("新盖的小区养老用房得给多大地方", "nlu_fallback")])
    events = await Fallback().run(dispatcher, tracker, {})
    assert "20平方米" in dispatcher.messages[0]["text"]
    assert "utter_rephrase" not in said(dispatcher)
    assert slot_values(events) == {"policy_question": "新盖的小区养老用房得给多大地方",
                                   "policy_clause": FOUND["clause_id"]}
    assert fake.asked[0]["prev_q"] is None


@pytest.mark.asyncio
@pytest.mark.parametrize("fake_kwargs", [{"result": {"found": False, "answer": ""}},
                                         {"error": ServiceUnavailable("down")}])
async def test_a_refusal_or_a_dead_service_asks_again_as_before(dispatcher, kb, fake_kwargs):
    kb(**fake_kwargs)
    events = await Fallback().run(dispatcher, make_tracker({}, [user_event("嗯啊哦哎呀", "nlu_fallback")]), {})
    assert said(dispatcher) == ["utter_rephrase"] and events == []


@pytest.mark.asyncio
async def test_a_follow_up_is_sent_with_the_previous_question_and_clause(dispatcher, kb):
    fake = kb(result=FOUND)
    slots = {"policy_question": "城里社区覆盖多少", "policy_clause": "wuhan#二"}
    await Fallback().run(dispatcher, make_tracker(slots, [user_event("那农村的呢？", "nlu_fallback")]), {})
    assert fake.asked == [{"q": "那农村的呢？", "prev_q": "城里社区覆盖多少", "prev_clause": "wuhan#二"}]


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["/nlu_fallback", "养老补贴" * 200, "啥？大声点"])
async def test_a_button_payload_or_a_pasted_text_is_never_sent_as_a_question(dispatcher, kb, text):
    fake = kb(result=FOUND)
    await Fallback().run(dispatcher, make_tracker({}, [user_event(text, "nlu_fallback")]), {})
    assert fake.asked == [] and said(dispatcher) == ["utter_rephrase"]


def test_a_turn_the_knowledge_base_answered_does_not_count_as_misunderstood():
    answered = [user_event("养老用房多大", "nlu_fallback"),
                {"event": "slot", "name": policy.CLAUSE_SLOT, "value": "wuhan#三"},
                user_event("嗯啊哦", "nlu_fallback")]
    assert trailing_misunderstood(make_tracker({}, answered)) == 1
    unanswered = [user_event("哎呀那个", "nlu_fallback"), user_event("嗯啊哦", "nlu_fallback")]
    assert trailing_misunderstood(make_tracker({}, unanswered)) == 2


@pytest.mark.asyncio
async def test_the_client_sends_prev_q_and_prev_clause_only_together(monkeypatch):
    from actions.clients.policy import PolicyClient
    sent = []

    async def request(self, method, path, params=None, **kwargs):
        sent.append(params)
        return {"found": False}

    monkeypatch.setattr(PolicyClient, "request", request)
    client = PolicyClient()
    await client.answer("那农村的呢", "武汉市", prev_question="城里覆盖多少", prev_clause="wuhan#二")
    await client.answer("那农村的呢", "武汉市", prev_question="城里覆盖多少", prev_clause=None)
    await client.answer("问" * 2000)
    assert sent[0] == {"q": "那农村的呢", "city": "武汉市", "prev_q": "城里覆盖多少", "prev_clause": "wuhan#二"}
    assert "prev_q" not in sent[1]
    assert len(sent[2]["q"]) == 500


@pytest.mark.asyncio
async def test_a_short_turn_is_sent_as_a_follow_up_after_a_policy_answer(dispatcher, kb):
    fake = kb(result=FOUND)
    slots = {"policy_question": "城里社区覆盖多少", "policy_clause": "wuhan#二"}
    await Fallback().run(dispatcher, make_tracker(slots, [user_event("那农村呢？", "nlu_fallback")]), {})
    assert len(fake.asked) == 1 and "utter_rephrase" not in said(dispatcher)
