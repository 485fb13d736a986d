"""Present and acute → raise; past, negated, chronic, habitual, a question or a forgetful remark → calm;
a complaint that may be acute → ask first. Lines written for these tests, not taken from nlu_data/."""
import pytest

from assistant.components.emergency_words import CALM, RAISE, UNSURE, judge


@pytest.mark.parametrize("text", [
    "我刚才在厨房摔了一跤 起不来了",          # 刚才 + acute
    "现在胸口疼得厉害 汗都下来了",            # 现在 + acute
    "老伴正在抽 嘴里吐白沫",                  # 正在
    "俺娘喊半天喊不醒",
    "喘不上来气了 憋得难受",
    "头晕乎乎的 站不住了",
    "救命 快来人啊",
    "快帮俺叫救护车",
    "去年摔过一回 这回又摔了 腿动不了",       # past clause, then a present one
    "疼得不行了 快来",
    "屋里有煤气味 头也晕",
    "阿婆跌咗 起唔到身",                      # Dongguan
    "我娭毑倒在屋里不做声 喊不应",            # Zhuzhou
    "老爷子晕过去了",                          # 晕过去 is not the past aspect 过
    "快来 我妈不喘气了",                       # a negation inside the acute phrase itself
    "厨房着起来了 火好大",
    "老倌子脑壳痛得不得了",                    # Zhuzhou
    "我喘气喘不赢了",
    "阿婆冇咗知觉",                            # Dongguan
    "刚才吐了一大口血",
    "我家奶奶突然不认人了 说胡话",
    "摔 倒 了 起 不 来",                       # speech recognition spacing
    "胸口好疼 跟针扎一样",                     # an adverb inside the acute phrase
    "俺这会儿呼吸困难 说话都费劲",
    "浴室门打不开 我困在里头了",              # trapped
    "被柜子压住了 腿抽不出来 出不来了",
    "俺家老头倒了 你们快来",                   # someone fell, told by the one beside him
])
def test_present_acute_states_and_calls_for_help_raise(text):
    assert judge(text) == RAISE


@pytest.mark.parametrize("text", [
    "去年冬天在澡堂摔倒过",                    # 去年 + V过
    "上个月住过一回院",
    "以前犯过心脏病 现在好了",
    "上回晕倒是因为没吃早饭",
    "胸口不疼了",                              # negation inside the phrase, 了 after it
    "头不晕了 好多了",
    "没摔着 就是吓了一跳",
    "我没有摔倒 就是问问",
    "现在不再疼了",
    "不用叫救护车 我好了",
    "摔倒了住院有没有补贴",                    # a policy question
    "老人中风了能报销多少",
    "要是在家摔倒了咋办 有啥预防的",          # hypothetical
    "哎呀想不起来了",                          # forgetful
    "记不清订的哪天了",
    "少搁点盐 老头子血压高",                   # chronic, inside an ordinary answer
    "俺有糖尿病 要少糖的",
    "我平时就有点头晕 老毛病",                 # habitual
    "陪俺去医院看看病",
    "老伴牙疼 要软的",
    "我妈骨折以后一直卧床 能办失能补贴不",     # long-term state and a policy question
    "得了脑梗的老人能住养老院吗",              # a kind of person, not someone here now
    "俺爹早些年摔断过腿 现在拄拐",
    "我妈说洗澡的时候那个人弄疼她了 我要投诉",
    "前些年屋里着过火 吓死人",                 # a fire in the past (着过)
    "降压药是我的救命药 快吃完了",             # 救命 names a thing
    "昨晚电视上讲有个老太太摔倒了起不来",      # a story, nobody here
    "听说隔壁楼有人喘不上气送医院了",
])
def test_past_negated_chronic_and_questions_do_not_raise(text):
    assert judge(text) == CALM


@pytest.mark.parametrize("text", [
    "俺头有点晕",
    "我这会儿身上不得劲",
    "胸口有点闷",
    "我有点喘",
    "摔了一跤 应该没事",                       # a fall said to be fine: ask, do not raise
])
def test_a_complaint_that_may_be_acute_is_asked_about(text):
    assert judge(text) == UNSURE


@pytest.mark.parametrize("text", ["我想订明天的午饭", "老年证咋办", "嗯啊哦哎呀", "", "   "])
def test_no_health_words_leave_it_to_the_classifier(text):
    assert judge(text) is None
