"""老年证怎么办 is a question about the elder card (apply_elder_card with a how_to word),
answered with what is needed; 我要办老年证 is a request (no how_to) that starts the form;
what the card is good for, or replacing it, stays a policy question."""
import asyncio

import pytest

from assistant.evaluation import MODEL


@pytest.fixture(scope="module")
def parse():
    if not MODEL.exists():
        pytest.fail("no trained model: run bin/train")
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    return lambda text: asyncio.run(agent.parse_message(text))


def _how_to(parsed):
    return [e["value"] for e in parsed["entities"] if e["entity"] == "how_to"]


@pytest.mark.parametrize("text", [
    "老年证怎么办", "老年证怎么办理", "办老年证要带什么", "老年证在哪办", "办老年证要什么材料",
    "多大年纪能办老年证", "老年优待证怎么办理", "敬老卡在哪办", "敬老卡要带什么材料", "老年优待证多大年纪能办",
    # speech-recognition slips of 老年证
    "老年正怎么办", "老年症怎么办理", "老年正要带啥", "老年症在哪里办",
])
def test_how_to_get_an_elder_card_is_an_elder_card_question(parse, text):
    parsed = parse(text)
    assert parsed["intent"]["name"] == "apply_elder_card", parsed["intent"]
    assert _how_to(parsed), parsed["entities"]


@pytest.mark.parametrize("text", ["我想办老年证", "我要办老年证", "给我妈办个敬老卡", "帮我申请老年优待证"])
def test_a_request_to_apply_has_no_question_word(parse, text):
    parsed = parse(text)
    assert parsed["intent"]["name"] == "apply_elder_card", parsed["intent"]
    assert not _how_to(parsed), parsed["entities"]


@pytest.mark.parametrize("text", ["高龄津贴有多少钱", "高龄津贴怎么申请", "老年证丢了补办要啥手续", "老年证坐公交免费吗"])
def test_other_policy_questions_stay_ask_policy(parse, text):
    assert parse(text)["intent"]["name"] == "ask_policy"
