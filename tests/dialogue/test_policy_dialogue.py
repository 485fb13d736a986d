"""Policy questions through the whole running assistant, asked the way elderly callers ask them.

What a caller would notice: the reply carries the fact the paper states (a figure, a named measure),
not the wording; a first turn nobody understood still gets an answer; a follow-up (那农村的呢？) is
answered from the previous question. None of these lines is in nlu_data/ or tests/policy/; the facts
are those of the Wuhan 2017 paper (the default city's, ../shared/policy_docs).
"""
from __future__ import annotations

import pytest

NLU_MISROUTE = "the NLU takes it for another skill with confidence (find_institution / apply_elder_card); " \
               "only nlu_fallback and out_of_scope turns reach the knowledge base"
KB_MISS = "the knowledge base answers with a neighbouring sentence or not found"


def q(text, facts, reason=None):
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(text, facts, marks=marks, id=text[:12])


QUESTIONS = [
    q("俺们小区是新盖的，那养老用房一百户得给多大地方啊？", ["20平方米"], NLU_MISROUTE),
    q("到二零二零年，城里社区的居家养老设施要覆盖多少哇？", ["100"]),
    q("养老院里头护理型的床位得占多少？", ["50"], NLU_MISROUTE),
    q("六十五岁往上的老人健康管理，要达到多少哇？", ["70"], NLU_MISROUTE),
    q("咱武汉要培养几个大的养老服务集团啊？", ["2到5", "2—5", "两到五"]),
    q("闲着的厂房改成养老院，那地的性质几年不用变？", ["5年", "五年"], NLU_MISROUTE),
    q("瘫在床上的老人，长期护理这块有没有啥保险？", ["长期护理保险"], KB_MISS),
    q("老了签个家庭医生，政府推不推这个事儿？", ["家庭医生"], KB_MISS),
    q("俺听说有个啥爱心时间银行，那是干啥的？", ["时间银行", "志愿"]),
    q("农村那个幸福院，能白天托也能全天托不？", ["日托", "全托"], KB_MISS),
    q("俺们是老小区，没有养老的地方，这咋整？", ["购置", "置换", "租赁"], NLU_MISROUTE),
    q("养老院里面的医务室看病，能走医保不？", ["医保"], NLU_MISROUTE),
    q("社区里头能不能给老人弄个一块吃饭的地儿？", ["集中就餐"], KB_MISS),
    q("那个养老云平台，都能在网上办点啥事？", ["老年证办理", "高龄津贴"]),
    q("紧急呼叫那种智能设备，都给哪些老人配啊？", ["托底对象"], KB_MISS),
    q("开发商不把小区的养老用房交出来，谁来管他？", ["国土规划", "整改"]),
    q("养老院要是赶上拆迁，给不给地方重新盖？", ["同等面积", "回迁"], NLU_MISROUTE),
    q("农村的福利院往后要弄成个啥样的？", ["区域性养老服务中心"], NLU_MISROUTE),
]


def tracker(stack, chat) -> dict:
    return stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()


def handed_over(chat) -> bool:
    return any("handover" in (m.get("custom") or {}) for m in chat.last)


@pytest.mark.parametrize("question,facts", QUESTIONS)
def test_a_policy_question_is_answered_with_the_fact_from_the_paper(stack, question, facts):
    chat = stack.chat()
    reply = chat.say(question)
    assert any(fact in reply for fact in facts), reply


@pytest.mark.parametrize("first", ["嗯啊哦哎呀嘛呢", "那个那个，咋说呢"])
def test_a_first_turn_nobody_understood_still_gets_an_answer(stack, first):
    chat = stack.chat()
    reply = chat.say(first)
    assert tracker(stack, chat)["latest_message"]["intent"]["name"] == "nlu_fallback"  # the path under test
    assert reply.strip(), chat.last
    assert not handed_over(chat)


def test_a_policy_answer_to_an_unplaced_turn_is_not_counted_as_a_failure(stack):
    chat = stack.chat()
    assert "高龄津贴" in chat.say("那个养老云平台，都能在网上办点啥事？")
    first = chat.say("嗯啊哦哎呀嘛呢")
    # asked again once: the earlier question was understood, so no hand-over or call-back offer yet
    assert first.strip() and not handed_over(chat)
    assert not tracker(stack, chat)["slots"].get("offered_human")


def test_a_follow_up_is_answered_against_the_previous_question(stack):
    chat = stack.chat()
    assert "100" in chat.say("到二零二零年，城里社区的居家养老设施要覆盖多少哇？")
    assert tracker(stack, chat)["slots"]["policy_clause"], "the answer's clause is kept for a follow-up"
    assert "60" in chat.say("那农村的呢？")


def test_nonsense_after_repeated_failures_still_ends_in_a_person_not_a_policy_answer(stack):
    chat = stack.chat()
    for mumble in ("嗯啊哦哎呀嘛呢", "那个那个，咋说呢"):
        chat.say(mumble)
        assert tracker(stack, chat)["latest_message"]["intent"]["name"] == "nlu_fallback"
    # the second miss in a row offers a person (a call-back on this channel): the old path unchanged
    assert handed_over(chat) or tracker(stack, chat)["slots"].get("offered_callback") or \
        tracker(stack, chat)["slots"].get("offered_human"), chat.last
