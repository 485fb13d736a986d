"""Words that settle what DIET mixes up between ordinary meanings (PriorityIntents applies them).

- A caller asking about *their own* allowance (我的护理补贴一个月多少钱, 俺那个补贴给多少) wants
  their record read (query_allowance), not the policy paper; a how-to question (怎么申请) stays policy.
- A greeting with a request after it (你好，订餐) is the request.
- A caller who cannot hear (喂？听不见, 大声点) wants the last answer again (repeat).
- A question about the rules of care homes (进福利院要符合啥条件) is policy, not a search for one.
- DIET's request_human without a word asking for a person (俩人吃，俺跟老伴) is the answer it holds.
- A call back asked for (好，叫人给我回个电话) is a request for a person, not a goodbye.
- A booking said with a correction in it (订明天的午饭，哦不对，是后天) is the booking, not a no.
- A complaint announced in dialect (俺得说道说道, 我要反映个情况) is a complaint.
- repeat needs a word asking to hear again: 咋说呢 (how shall I put it) is hesitation, 没啥讲究 an answer.
- book_meal needs a word about food or booking: 咱武汉要培养几个养老集团 is a question for the papers.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Text

OWN = re.compile(r"(?:我|俺|咱|我家|俺家|我妈|我爸|我娘|我爹|我老伴|俺老伴|我奶奶|我爷爷|我外婆|我外公|我婆婆|我公公|阿妈|阿爸|老人)"
                 r"(?:的|那个|这个|那份|的那个|嘅)?[^，。？?]{0,4}(?:补贴|津贴|补助|养老金|高龄金|护理金)")
AMOUNT_OR_STATUS = re.compile(r"多少|几多|几个钱|发了没|发没发|到账|到了没|啥时候发|什么时候发|几号发|停了|还有没有|领到")
HOW_TO = re.compile(r"怎么|咋|如何|能不能|可不可以|条件|材料|申请|办理|去哪")
ANSWERS = {"portions", "date", "time_of_day", "dining_mode", "diet", "meal", "district"}
GREETING = re.compile(r"^(?:你好|您好|喂+|哈喽|小安|小爱|早上好|上午好|下午好|晚上好|在吗|在不在|有人吗|[，,。.！!？?\s])+")
GREETING_ONLY = ("greet", "thank", "goodbye")
NOT_A_REQUEST = {"greet", "thank", "goodbye", "affirm", "deny", "nlu_fallback", "out_of_scope", "inform", "repeat"}
CANNOT_HEAR = re.compile(r"听不见|听不清|听不到|没听见|没听清|听唔到|听唔清|大声[点些一]|大声啲|再说一遍|再讲一遍|说慢[点些]")
# A question about the rules of homes (条件, 政策, 只收…, 国家管不管), not where one is.
HOME = re.compile(r"养老院|福利院|敬老院|养老机构|护理院|养护院|幸福院")
HOME_RULES = re.compile(r"条件|规定|政策|补贴|补助|报销|优惠|国家|政府|管不管|只收|符合|标准|资格|排队|轮候|谁能住|哪些人|什么人能|啥人能")
PLACE = re.compile(r"附近|哪里有|哪儿有|哪有|找[个一家间]|离[我俺]|近[点些的]|介绍[个一]")
# Words that ask for a person: without them DIET's request_human (俩人吃，俺跟老伴) is no such request.
ASKS_FOR_PERSON = re.compile(r"人工|真人|客服|接线|话务|工作人员|活人|机器|找个?人[说讲问]|跟人[说讲]|人来接|值班|领导|负责人|转接|转过去"
                             r"|回[个一]?电话|回电|打回来|打过来")
# 叫人给我回个电话: a call back asked for (what a hand-over offers), whatever DIET heard in it.
YES_FIRST = re.compile(r"^(?:嗯|那)?(?:好|行|对|要|可以|中|要得|得|系|成)")
CALL_BACK = re.compile(r"回[个一]?电话|回电|打回来|给我打过来")
# A booking said with a correction inside it (订明天的午饭，哦不对，是后天) is the booking, not a no.
BOOKING_VERB = re.compile(r"订|预订|预约|约|要[一两三四]?份|帮我[订约]")
BOOKING_OF = {"meal": "book_meal", "service_type": "book_home_care"}
# What asks to hear the last answer again; DIET's repeat without any of these (咋说呢, 没啥讲究) is not one.
REPEAT_CUE = re.compile(r"再|重复|听|说啥|说什么|说的啥|讲么子|讲乜|讲咩|讲啥|啥意思|什么意思|慢|大点声|大声|声音|明白|懂|刚才|念|太快|多次"
                        r"|^\W*(?:啥|什么|咩|乜|啊|哈)\W*$")
NEGATION = re.compile(r"没|不|冇|无|唔|莫")
# Words of a meal booking; DIET's book_meal without any of them is not one.
MEAL_CUE = re.compile(r"饭|餐|吃|食|菜|订|定|送|份|午|晌|早上|晚上|中午|饭堂|食堂|馍|面条|饺子|粥")
COMPLAINT = re.compile(r"说道说道|评评理|说理|反映[个一下]?(?:情况|问题)|提[个点]意见|有意见|告状|投诉")


def _next(ranking: List[Dict[Text, Any]], exclude: set, floor: float = 0.02) -> Optional[Text]:
    return next((r.get("name") for r in ranking if r.get("name") not in exclude
                 and float(r.get("confidence") or 0) >= floor), None)


def settle(text: Text, name: Optional[Text], ranking: List[Dict[Text, Any]],
           entities: Iterable[Text] = ()) -> Optional[Text]:
    """The intent these words settle on, or None to keep DIET's."""
    entities = set(entities)
    if name == "repeat" and not REPEAT_CUE.search(text):
        if entities & ANSWERS:
            return "inform"  # 没啥讲究: an answer (diet 普通) a form can use
        if NEGATION.search(text) and _next(ranking, {name, "nlu_fallback"}, 0.1) == "deny":
            return "deny"
        return "nlu_fallback"  # 那个那个，咋说呢: nothing said yet
    if name == "book_meal" and not MEAL_CUE.search(text) and not entities & {"meal", "date", "portions", "dining_mode"}:
        return "nlu_fallback"  # the knowledge base gets a chance (action_fallback), then a rephrase
    if name == "request_human" and not ASKS_FOR_PERSON.search(text):
        # 俺叫赵铁柱 (叫 is no 叫人): the answer it holds, DIET's next meaning, else a plain statement
        return "inform" if entities & ANSWERS else (_next(ranking, {name, "nlu_fallback"}, 0.1) or "inform")
    if CALL_BACK.search(text) and name in ("goodbye", "thank", "inform", "nlu_fallback", "out_of_scope"):
        # 好，叫人给我回个电话: the yes to a call-back offer; without a yes, a request for one
        return "affirm" if YES_FIRST.match(text) else "request_human"
    if name in ("deny", "affirm", "inform") and BOOKING_VERB.search(text):
        booked = [BOOKING_OF[e] for e in BOOKING_OF if e in entities]
        if booked:
            return booked[0]
    if name == "ask_policy" and OWN.search(text) and AMOUNT_OR_STATUS.search(text) and not HOW_TO.search(text):
        return "query_allowance"
    if name == "find_institution" and HOME.search(text) and HOME_RULES.search(text) and not PLACE.search(text):
        return "ask_policy"
    if COMPLAINT.search(text) and name not in ("complaint", "emergency", "feel_unwell", "request_human", "ask_policy",
                                                "check_order"):
        return "complaint"
    rest = GREETING.sub("", text)
    if name in GREETING_ONLY and CANNOT_HEAR.search(text):
        return "repeat"
    if name == "greet" and rest and rest != text and len(re.sub(r"\W", "", rest)) >= 2:
        return _next(ranking, NOT_A_REQUEST | {name})
    return None
