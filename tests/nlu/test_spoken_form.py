"""Spoken form: every sentence the assistant can say obeys the rules an elderly listener needs.

Pure Python (no model, no servers). The known violators in spoken_form_known.txt
are tolerated while they are being fixed; any other violation fails.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.spoken_form import KINDS, options, problems, sentences, turn_problems
from assistant.spoken_sources import everything_said, is_known, read_known, violations

ROOT = Path(__file__).resolve().parents[2]
KNOWN = Path(__file__).with_name("spoken_form_known.txt")


def kinds(text, buttons=None):
    return {p.kind for p in problems(text, buttons)}


# ---------------------------------------------------------------- the checker


def test_sentences_are_counted_as_a_listener_hears_them():
    assert len(sentences("好的。请问您想办什么事？订餐、上门服务，还是问政策？")) == 3
    assert len(sentences("按井号键结束；按零转人工")) == 2  # a semicolon is a full pause
    assert len(sentences("第一行\n第二行")) == 2
    assert len(sentences("已经取消了，没有下单。还有别的需要吗？")) == 2  # a trailing question counts
    assert sentences("“好”。。") == ["“好”"]


@pytest.mark.parametrize("text", [
    "您好，这里是12349养老服务热线。我可以帮您订餐、约上门服务、办老年证、查政策。您说，我听着。",
    "好的。请问您想办什么事？订餐、上门服务，还是问政策？",
    "申请已经提交了。编号是二零二六一一二三。审核大约要十个工作日。",
    "别着急，我马上通知人来帮您。情况危险请马上拨打120。请不要挂电话。",
])
def test_three_sentences_are_too_many(text):
    assert "sentences" in kinds(text)


@pytest.mark.parametrize("text,buttons,count", [
    ("要早餐、午餐，还是晚餐？", None, 3),
    ("是到长者饭堂吃，还是送到家里？", None, 2),
    ("饭菜有没有要求？低盐、低糖，还是软一点？没有就说“没有”。", None, 4),
    ("我可以帮您订餐、约上门服务、办老年证、查政策。", None, 4),
    ("您要哪种服务？", [{"title": t} for t in ("打扫", "助浴", "陪诊", "维修")], 4),
    ("抱歉，还是没有听清。", None, 0),  # 还是 meaning "still" offers nothing
    ("为困难老人提供助餐、助浴、助洁、助医等服务。", None, 0),  # a list of facts is not a choice
])
def test_options_offered_in_a_turn(text, buttons, count):
    assert options(text, buttons) == count
    assert ("options" in kinds(text, buttons)) == (count > 3)


def test_a_sentence_longer_than_a_listener_holds():
    policy_answer = ("根据武汉市人民政府关于加快推进养老服务业发展的实施意见的规定，"
                     "年满八十周岁的本市户籍老年人每月可以领取高龄津贴一百元，由各区民政部门按月发放。")
    assert "long_sentence" in kinds(policy_answer)
    assert "long_sentence" not in kinds("好的，已经为您订好了明天的午餐，两份，送到家里。")


@pytest.mark.parametrize("text,kind", [
    ("这是《武汉市人民政府关于加快推进养老服务业发展的实施意见》规定的。", "document_title"),
    ("根据关于进一步加强居家养老服务工作的通知，可以申请。", "document_title"),
    ("见武政规〔2017〕12号文件。", "document_title"),
    ("这是第三条第一款第一项说的。", "clause_numbering"),
    ("这是三、(二)说的。", "clause_numbering"),
])
def test_titles_and_clause_numbering_are_not_read_out(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text,buttons", [
    ("好的，已经为您订好了。订单号是二 零 二 六 一 一 二 三。", None),
    ("要早餐、午餐，还是晚餐？", [{"title": "早餐"}, {"title": "午餐"}, {"title": "晚餐"}]),
    ("八十岁以上老人每月有高龄津贴。这是武汉市2017年养老服务意见第三条说的。", None),
    ("对不起，系统暂时查不到。要不要现在转人工？", [{"title": "对"}, {"title": "不对"}]),
    ("", None),
])
def test_clean_turns_pass(text, buttons):
    assert problems(text, buttons) == []


def test_a_turn_is_all_the_messages_said_for_one_caller_line():
    intro = {"recipient_id": "a", "text": "办老年证要年满六十周岁。要带身份证和照片。"}
    question = {"recipient_id": "a", "text": "请问老人叫什么名字？", "buttons": []}
    assert problems(intro["text"]) == [] and problems(question["text"]) == []
    assert [p.kind for p in turn_problems([intro, {"custom": {"x": 1}}, question])] == ["sentences"]


# ---------------------------------------------------------------- the collector


def test_the_collector_finds_responses_action_sentences_and_prompts(tmp_path):
    (tmp_path / "assistant" / "domain").mkdir(parents=True)
    (tmp_path / "actions").mkdir()
    (tmp_path / "web").mkdir()
    (tmp_path / "assistant" / "domain" / "x.yml").write_text(textwrap.dedent("""\
        responses:
          utter_hi:
            - text: "您好{name}。"
            - text: "您好。我在。请说。"
              buttons: [{title: a, payload: a}, {title: b, payload: b}]
          utter_read_back:
            - text: "我跟您核对一下：{summary}。对吗？"
        """), encoding="utf-8")
    (tmp_path / "actions" / "x.py").write_text(textwrap.dedent("""\
        ASK = "要早餐、午餐、晚餐，还是夜宵？"
        HINTS = {"a": "好的。还有吗？说“有”。"}
        class A:
            hint = "比如“改成后天”"
            def run(self, dispatcher, tracker):
                say(dispatcher, ASK)
                say(dispatcher, f"哪里不对？{self.hint}。", buttons=[1, 2])
                common.say(dispatcher, "好的，" + "取消了。")
                dispatcher.utter_message(text=tracker.get_slot("anything"))
                dispatcher.utter_message(response="utter_read_back", summary=self.summary(tracker))
            def summary(self, tracker):
                if tracker:
                    return f"{tracker.get_slot('date')}的午餐"
                return "给张桂兰申请老年证，身份证最后四位一二三四，住在江岸区，联系电话尾号一二三四"
        def tell(dispatcher, items):
            for item in items:
                text = f"{item['kind']}正常发放"
                if item.get("late"):
                    text += "，这个月的钱要晚几天到账，到了以后社区工作人员会给您发短信或者打电话告诉您一声"
                say(dispatcher, text + "。")
        """), encoding="utf-8")
    (tmp_path / "web" / "wording.py").write_text(
        'def too_long(limit):\n    return f"太长了，不超过{limit}个字。"\n', encoding="utf-8")
    said, dynamic = everything_said(tmp_path)
    texts = {s.text: s for s in said}
    assert "您好张桂兰。" in texts and texts["您好。我在。请说。"].buttons == 2
    assert texts["要早餐、午餐、晚餐，还是夜宵？"].source == "actions/x.py:ASK"
    assert texts["哪里不对？比如“改成后天”。"].source == "actions/x.py:A.run"
    assert "好的，取消了。" in texts and "好的。还有吗？说“有”。" in texts
    assert "太长了，不超过500个字。" in texts
    assert dynamic == ["actions/x.py:9"]
    # a response's placeholders are filled with every value the actions pass for them
    assert "我跟您核对一下：明天的午餐。对吗？" in texts
    assert "高龄津贴正常发放。" in texts  # a local variable, and what += adds to it
    found = {(item.source, p.kind) for item, p in violations(said)}
    assert found == {("assistant/domain/x.yml:utter_hi#1", "sentences"), ("actions/x.py:ASK", "options"),
                     ("actions/x.py:HINTS[a]", "sentences"), ("assistant/domain/x.yml:utter_read_back", "long_sentence"),
                     ("actions/x.py:tell", "long_sentence")}


# ---------------------------------------------------------------- everything the assistant says


def test_everything_the_assistant_says_obeys_the_spoken_form():
    said, _ = everything_said(ROOT)
    sources = {s.source.split(":")[0] for s in said}
    # the collector really reads the domain (every variation, with what the actions fill it with)
    # and the gateways' prompts; the actions say no words of their own (test_no_wording_in_actions.py)
    assert any(s.startswith("assistant/domain/") for s in sources)
    read_backs = [s.text for s in said if ":utter_read_back_meal#" in s.source]
    assert len(read_backs) >= 8 and any("送到家里，低盐" in t for t in read_backs)
    assert any("正常发放，每月2100元" in s.text for s in said if ":utter_allowance_active_next" in s.source)
    assert {"voice/pipeline/prompts.py", "web/wording.py", "assistant/deploy/apology.py"} <= sources
    assert len(said) > 60
    known = read_known(KNOWN)
    new = sorted({(item.source, p.kind, p.detail, item.text) for item, p in violations(said)
                  if not is_known(item, p, known)})
    assert not new, "new spoken-form violations (fix the sentence; see bench/spoken_form.py):\n" + "\n".join(
        f"{source} {kind} ({detail}): {text}" for source, kind, detail, text in new)


def test_every_known_violator_has_a_reason():
    known = read_known(KNOWN)
    assert all(k.reason and k.text for k in known), "each known violator says why, and which sentence"
    assert all(k.kind in KINDS for k in known)
