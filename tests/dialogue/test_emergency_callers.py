"""Emergencies true and false, said the way elderly callers and their relatives speak in Wuhan,
Zhuzhou, Hebi and Dongguan, through the whole running assistant.

What a caller (and the centre) would notice: a P0 order in dispatch with the hand-over payload that
keeps the line, the caller's later words on that order; or no emergency at all and the booking that
was under way still completed. Lines written for these tests; none is in nlu_data/ (checked below).
"""
from __future__ import annotations

import re

import pytest

from assistant.settings import REPO_ROOT
from tests.dialogue.conftest import DEMO_DEVICE, DEMO_PHONE
from tests.support.callers import answer_to

# 42 present acute states or calls for help.
TRUE_EMERGENCIES = [
    "救命啊 俺起不来了",
    "快来人 我家老头子倒在厕所里了",
    "我妈刚在阳台摔了 腿动不了",
    "哎哟 胸口疼得厉害 快喘不上气了",
    "我现在头晕得站不住 眼前发黑",
    "老伴叫半天叫不醒 咋办啊",
    "快帮我叫救护车 俺爹胸口痛得直冒汗",
    "俺娘从凳子上摔下来了 头上出血了",
    "我喘不过气来 憋得慌",
    "老爷子吃馒头噎住了 脸都憋紫了",
    "救命 屋里着火了",
    "家里一股煤气味 俺头晕得厉害",
    "我老伴突然说不了话 半边身子没劲",
    "我爸刚刚晕倒了 到现在没反应",
    "阿婆喺厕所跌咗 起唔到身",
    "阿公叫唔醒 快啲嚟人啊",
    "我娭毑在屋里摔了一跤 爬不起来",
    "老倌子胸口痛得厉害 满头大汗",
    "哎呀 那个 就是说 我老伴倒在地上了 喊不应",
    "俺一个人在家 头晕得厉害 快不行了",
    "快点来人 俺爹从床上滚下来了",
    "我奶奶突然抽起来了 口吐白沫",
    "我心口疼得受不了 左胳膊也麻了",
    "我妈在楼道里摔倒了 血止不住",
    "喂喂 救命 我动不了了",
    "俺婆子昏过去了 快叫120",
    "老头子出去遛弯到现在没回来 找不着人了",
    "我现在喘不上来气 嘴唇发紫",
    "快来人啊 我爸说胸口闷得慌 人都站不住了",
    "我刚才洗澡摔了 起不来 地上好多血",
    "俺妈突然嘴歪了 说话说不清",
    "求求你们快来 我老伴不行了",
    "我在卫生间跌倒了 腰疼得要命 起不来",
    "老人烫伤了一大片 疼得直叫",
    "快打120 我外婆没气了",
    "俺头疼得要炸了 吐了好几回",
    "阿妈透唔到气 快啲叫救护车",
    "那个 我爸又犯病了 疼得在床上打滚",
    "我家老太太噎着了 喘不了气",
    "哎哟哎哟 我从梯子上摔下来了 腿断了",
    "救救俺 俺起不来 在地上躺半天了",
    "我老伴刚刚晕过去了 怎么喊都不醒",
]

# 42 lines with health words that are no emergency: chronic, past, negated, a question, forgetful.
NOT_EMERGENCIES = [
    "少放点盐 俺老伴血压高",
    "我有糖尿病 饭要少糖的",
    "老头子心脏不太好 菜里少搁油",
    "去年冬天摔倒过一回 现在走路小心着呢",
    "上个月住过院 现在好了",
    "我妈前年中风过 现在能自己走",
    "胸口不疼了 就是想订个饭",
    "没摔着 就是吓了一跳",
    "头不晕了 吃了药好多了",
    "摔倒了有没有补贴啊",
    "老人中风了能申请护理补贴不",
    "住院的话能报销多少",
    "要是老人在家摔倒了咋办 有啥预防的法子",
    "哎呀想不起来了",
    "订的哪天我记不清了",
    "牙口不好 要软和点的饭",
    "俺胃不好 饭要烂乎点",
    "我以前老是头晕 是老毛病了",
    "陪俺去医院看病行不行",
    "老伴腿脚不便 饭送到家里吧",
    "我有高血压 口味要清淡",
    "我血糖高 甜的不要",
    "医生说我要少吃盐",
    "上回晕倒是因为低血糖 现在随身带糖",
    "俺爹早些年摔断过腿 现在拄拐",
    "心脏病的人能不能办护理补贴",
    "摔伤了去医院看病有补助吗",
    "我妈痛风 不吃海鲜",
    "老年人骨折了医药费咋报销",
    "我没有不舒服 就是问问政策",
    "不用叫救护车 我是想订饭",
    "俺平时有点腰疼 不碍事",
    "得了脑梗的老人能住养老院吗",
    "我老伴眼睛不好 看不清菜单",
    "俺耳背 你说大声点",
    "老人摔倒了谁来管 有没有这项服务",
    "我家老头子有心脏病 饭菜清淡点就行",
    "前几年做过心脏手术 饭要少油",
    "俺娘糖尿病多年了 要低糖饭",
    "我妈住院回来了 想约个洗澡的",
    "我不再头疼了 谢谢你们",
    "没事没事 刚才是说错了",
]

# 16 of the non-emergencies are said inside the meal booking (the form must go on); the one about
# 我妈 is said as a first turn (asking about the mother starts her verification, apart from this test).
MID_MEAL = NOT_EMERGENCIES[:5] + NOT_EMERGENCIES[6:9] + NOT_EMERGENCIES[15:18] + NOT_EMERGENCIES[19:22] + \
    NOT_EMERGENCIES[36:39]


def _plain(text):
    return "".join(ch for ch in text if ch.isalnum())


def _training_lines():
    lines = set()
    for path in (REPO_ROOT / "nlu_data" / "train").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- "):
                lines.add(_plain(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip()[2:])))
    return lines


def test_the_lines_are_many_distinct_and_not_training_data():
    assert len(set(TRUE_EMERGENCIES)) >= 40 and len(set(NOT_EMERGENCIES)) >= 40
    trained = _training_lines()
    assert not [t for t in TRUE_EMERGENCIES + NOT_EMERGENCIES if _plain(t) in trained]


def demo_elder_id(stack):
    return stack.api("records", "GET", "/records/v1/elders", params={"phone": DEMO_PHONE}).json()["items"][0]["elder_id"]


def order(stack, order_id):
    response = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}")
    assert response.status_code == 200, response.text
    return response.json()


def emergency_orders(stack, elder_id):
    return stack.api("dispatch", "GET", "/dispatch/v1/orders",
                     params={"elder_id": elder_id, "type": "emergency"}).json()["items"]


def assert_raised(chat, stack):
    """A P0 emergency order exists and the hand-over payload keeps the line."""
    assert chat.custom("handover") is True and chat.custom("reason") == "emergency", chat.last
    assert chat.custom("keep_line") is True
    placed = order(stack, chat.custom("order_id"))
    assert placed["type"] == "emergency" and placed["priority"] == "P0"
    return placed


def assert_not_raised(chat):
    assert chat.custom("reason") != "emergency" and not chat.custom("on_silence"), chat.last


def finish_booking(chat, max_turns=8):
    """Answer what the form asks until it books; the order id, or None."""
    for _ in range(max_turns):
        if chat.custom("order_id"):
            return chat.custom("order_id")
        answer = answer_to(chat.text)
        if answer is None:
            return None
        chat.say(answer)
    return chat.custom("order_id")


@pytest.mark.parametrize("line", TRUE_EMERGENCIES[::2])
def test_an_anonymous_caller_s_emergency_is_raised_and_later_words_go_on_the_order(stack, line):
    chat = stack.chat()
    chat.say(line)
    placed = assert_raised(chat, stack)
    assert placed["elder_id"] is None and placed["details"]["identity_verified"] is False
    assert "通知了" not in chat.text  # nobody was notified: no elder is known
    chat.say("我在江汉区新华路12号三楼 就我一个人")
    assert chat.custom("keep_line") is True and chat.custom("handover") is not True
    notes = [n["text"] for n in order(stack, placed["order_id"])["details"].get("notes", [])]
    assert notes == ["我在江汉区新华路12号三楼 就我一个人"]


@pytest.mark.parametrize("line", TRUE_EMERGENCIES[1::2])
def test_an_emergency_in_the_middle_of_a_meal_booking_is_raised_at_once(stack, line):
    elder_id = demo_elder_id(stack)
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("订个后天的午饭")
    chat.say(line)
    placed = assert_raised(chat, stack)
    assert placed["elder_id"] == elder_id and placed["details"]["identity_verified"] is True
    assert _plain(line)[:6] in _plain(placed["details"]["situation"])
    chat.say("两份")  # the meal form is closed: the words go to the order, nothing is booked
    assert not chat.custom("order_id")


@pytest.mark.parametrize("line", MID_MEAL)
def test_health_words_inside_the_meal_booking_raise_nothing_and_the_booking_goes_on(stack, line):
    elder_id = demo_elder_id(stack)
    before = len(emergency_orders(stack, elder_id))
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("订个后天的午饭")
    chat.say(line)
    assert_not_raised(chat)
    order_id = finish_booking(chat)
    assert order_id, chat.last
    assert order(stack, order_id)["type"] == "meal"
    assert len(emergency_orders(stack, elder_id)) == before


@pytest.mark.parametrize("line", [t for t in NOT_EMERGENCIES if t not in MID_MEAL])
def test_health_words_as_a_first_turn_raise_nothing(stack, line):
    elder_id = demo_elder_id(stack)
    before = len(emergency_orders(stack, elder_id))
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say(line)
    assert_not_raised(chat)
    assert len(emergency_orders(stack, elder_id)) == before


def unsure_first(stack, in_meal_form):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    if in_meal_form:
        chat.say("订个后天的午饭")
    chat.say("哎 俺这会儿头有点晕乎")
    assert chat.custom("on_silence") == "/emergency" and not chat.custom("handover"), chat.last
    return chat


@pytest.mark.parametrize("in_meal_form", [False, True])  # True: inside the meal form, which steps aside
def test_a_no_to_the_check_question_goes_back_to_the_booking(stack, in_meal_form):
    elder_id = demo_elder_id(stack)
    before = len(emergency_orders(stack, elder_id))
    chat = unsure_first(stack, in_meal_form)
    chat.say("不用不用 歇会儿就好")
    assert_not_raised(chat)
    if not in_meal_form:
        chat.say("那订个后天的午饭吧")
    order_id = finish_booking(chat)
    assert order_id and order(stack, order_id)["type"] == "meal"
    assert len(emergency_orders(stack, elder_id)) == before


@pytest.mark.parametrize("in_meal_form", [False, True])  # True: inside the meal form, which steps aside
@pytest.mark.parametrize("answer", ["要 快叫人", "嗯", "/emergency"])  # /emergency: the voice layer's silence
def test_a_yes_or_silence_to_the_check_question_raises_it(stack, answer, in_meal_form):
    chat = unsure_first(stack, in_meal_form)
    chat.say(answer)
    placed = assert_raised(chat, stack)
    assert "头有点晕" in placed["details"]["situation"]


def test_noise_at_the_read_back_books_nothing(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("订个后天的午饭")
    for _ in range(6):
        if "对吗" in chat.text:
            break
        chat.say(answer_to(chat.text))
    assert "对吗" in chat.text
    chat.say("嗯啊哦哎呀嘛呢")
    assert not chat.custom("order_id")
