"""What a caller's question asks for: its type, and the words that state it.

Types (CONTRACT.md, "Policy API"): number (an amount, a count, an age, an
area), share, when, who, list, how (how / where / which office), yes-no.
A number, share or when question is only answered by a sentence holding such a
figure (never invented); for who / list / how / yes-no the wording is a
preference when choosing the sentence, not a requirement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零〇一二两三四五六七八九十百千万"


@dataclass(frozen=True)
class QuestionType:
    name: str
    stated: re.Pattern[str]  # how a sentence carries the fact
    required: bool  # no sentence with `stated` → not found


def _t(name: str, stated: str, required: bool) -> QuestionType:
    return QuestionType(name, re.compile(stated), required)


# (type, how callers ask it); the first match wins, so the narrower asks come first.
_ASKS: list[tuple[QuestionType, str]] = [
    (_t("clock", r"\d+\s*[点:：]|[" + _CN + r"]+点钟?", True), r"几点|几点钟|啥点"),
    (_t("money", rf"[\d{_CN}]+(?:\.\d+)?\s*(?:万?元|块)", True),
     r"多少钱|几块钱|多少元|金额|补多少|发多少|给多少钱|报销多少|补贴多少|面额"),
    (_t("share", r"\d+(?:\.\d+)?\s*[%％]|百分之|全覆盖|全部|一半|\d+\s*成", True),
     r"比例|占比|百分之|几成|覆盖率|覆盖(?:到)?(?:多少|啥程度|什么程度|几)|占(?:到)?(?:多少|几)|多少比|几比几|啥程度|多少行政村"),
    # A place is said as one (在小河镇、设在市民政局、到社区服务中心、网上办理): a related sentence that
    # names none does not answer 去哪儿办 / 在哪个地方充值.
    (_t("where", r"(?:在|到|去|向|设在|依托|由)[^，。；,]{0,12}(?:镇|乡|村|街道|社区|区|县|局|委|中心|学院|窗口|办事处|政府|医院|站|点)|"
                 r"网上办理|设在|[\u4e00-\u9fff]{2,6}(?:镇|县|区)(?:、|和)", True),
     r"哪个镇|哪个区|哪个县|哪里|哪儿|哪块|在哪|去哪|到哪(?:里|儿|个|去)|设在|啥地方|什么地方|找谁|找哪"),
    (_t("duration", rf"(?<!\d)\d{{1,2}}\s*(?:个)?(?:工作日|天|个月|年)(?![底前初\d])|[{_CN}]{{1,3}}(?:个)?(?:工作日|天|个月|年)(?![底前初])", True),
     r"几天|多少天|几个工作日|多长时间|多久|几年|多少年|要等"),
    (_t("when", r"\d+\s*年|\d+\s*月|年底|月底|年初|以前|之前|前|首期|同步|节|起|期间|时", True),
     r"什么时候|啥时候|啥时|哪年|哪一年|几月|何时|截止|期限|几时|哪天|哪一天|几号"),
    (_t("who", r"(?:、|和|及|或)[^，。；,]{0,12}(?:老年人|老人|人员|对象|家庭|群体|残疾人|劳动力|企业|公司)|"
             r"(?:特殊|困难|失能|高龄|空巢|留守|低龄|贫困|特困|重度|长期)[^，。；,]{0,8}(?:老年人|老人|人员|对象|群体)", False),
     r"哪些人|哪些老人|哪类|什么样的?老人|啥样的?老人|什么人|啥人|给哪些|哪些企业|先照顾哪些"),
    (_t("body", r"(?:由|引入|委托|依托|交给|移交|设在|负责|组织|通过)[^，。；,]{0,14}(?:部门|政府|学院|组织|办事处|机构|企业|公司|局|委)|"
              r"部门要|负责|责任单位|专项资金|资金|组长|主任", False),
     r"谁|哪个部门|哪个单位|哪个出|哪家|哪些组织|交给|哪些单位|哪个学校|依托哪"),
    (_t("number", rf"\d|[{_CN}]+\s*(?:个|张|家|所|间|处|名|项|床|年|批|位|倍)|同等|不低于|不少于", True),
     r"多少|(?<!好)几[个家所处张间年位批岁平]|第几|多大年纪|多大岁数|面积"),  # 好几个 is "several", not a question
    (_t("list", r"、[^，。；,]{0,24}(?:服务|功能|政策|措施|项目|优惠|补贴|内容|信息|资源|机制|升级|设施|活动|保障|保险|救助|福利|管理|培训)|"
               r"[^，。；,]{1,8}和[^，。；,]{1,8}功能|(?:[^、，。；,]{1,4}化、)+[^、，。；,]{1,4}化", False),
     r"哪些|哪几|什么服务|啥服务|包括|包含|都有啥|有啥|有些啥|有什么|都有什么|啥内容|什么内容|啥功能|啥优惠|啥要求|什么要求|啥机制|哪三"),
    (_t("how", r"以[^，。；,]{1,12}为(?:基础|主|重点|依托|支撑|补充)|通过|按照|采取|方式|依托|办理|由|向|转型|改为|改制|整改|收回|用于|原则|管理|补偿|统筹", False),
     r"怎么|咋|如何|啥办法|什么办法|用啥|干啥用|做啥用|转成啥|改成啥|怎样|咋样|会咋|咋处理|咋算"),
    (_t("yesno", r"可|能|支持|鼓励|允许|提供|纳入|开放|给予|建立|推行|开展|实行|实施|设|有|不得|不予|取消", False),
     r"能不能|能否|可不可以|可以|有没有|要不要|需不需要|需要|会不会|是不是|管不管|支不支持|推不推行|打不打击|"
     r"[吗嘛么]\s*[？?。]*$|不\s*[？?。]*$|没有\s*[？?。]*$|中不中|行不行|没\s*[？?。]*$"),
]

NO_WORDS = re.compile(r"不得|不予|禁止|严禁|取消|不再|无需|不需要|不允许")
# How a yes-no question asks, and the pair of words that answer it.
_YES_NO = [
    (r"是不是", ("是", "不是")),
    (r"要不要|需不需要|需要|还要|用不用|得不得", ("要", "不用")),
    (r"有没有|有[^，,]{0,12}(?:[吗嘛么]|没有?)\s*[？?。]*$", ("有", "没有")),
    (r"会不会|会[^，,]{0,12}[吗嘛么]", ("会", "不会")),
    (r"管不管", ("管", "不管")),
    (r"能不能|能否|能[^，,]{0,14}[吗嘛么不]\s*[？?。]*$", ("能", "不能")),
]
YES_NO_DEFAULT = ("可以", "不可以")
NOT_SAID = "文件里没说"

# A question leaning on the previous one: 那山城区呢？ / 这个去哪儿办？
_FOLLOW_UP = re.compile(r"^(?:那|那么|那个|这个|还有|另外|再问)|呢\s*[？?。]*$|^(?:这|那)(?:个|些|种)?")
_FOLLOW_UP_MAX = 14  # characters; a longer question stands on its own


# 几所 / 多少张 / 第几批: the answer is a figure with that measure word (3个, 1000张, 第四批).
_MEASURE = re.compile(r"(第)?(?:(?<!好)几|多少)\s*([个所家间处张名项位批年天岁户])")


# A caller asking about their own record (我的老年证办得咋样了, 俺的津贴发了没有) wants the records
# service, not a paper: the papers never answer it.
_PERSONAL = re.compile(r"(?:我|俺|咱|我妈|我爸|我家|我们家)的?[^，。？?]{0,8}"
                       r"(?:办得|办好了|发了|发没发|到账|到了没|进度|审核|批了|批下来|下来了|怎么样了|咋样了|啥时候到)")


# 这事归哪个部门管？ is answered by the clause's responsibility note (责任单位：… / (市民政局、…)).
_ASKS_RESPONSIBLE = re.compile(r"(?:归|由|是)?(?:哪个|哪些|啥)(?:部门|单位)(?:来)?(?:管|负责)|谁管|谁负责|归谁管?|谁来管")
_NAMES_BODY = re.compile(r"部门|局|委|政府|单位|办事处")
_NOTE_LABELLED = re.compile(r"责任(?:部门|单位)\s*[:：]\s*([^)）\n]+)")
_NOTE_BARE = re.compile(r"[(（]((?:市[\u4e00-\u9fff]{1,12}(?:局|委|会|办|联|分局|支队|中心)[、,，]?){2,})[)）]")
_NOTE_NAMES = 3  # a caller needs the first offices, not the list


def without_responsible_ask(question: str) -> str:
    """The topic of 这块归哪个部门管？: the office words are the question, not the topic."""
    return _ASKS_RESPONSIBLE.sub("", question)


def asks_responsible(question: str, sentence: str) -> bool:
    """Whether to answer with the clause's note: asked who is in charge, and the sentence names no office."""
    return bool(_ASKS_RESPONSIBLE.search(question)) and not _NAMES_BODY.search(sentence)


def responsible_note(text: str) -> str:
    """"市民政局、财政局等" from a clause's 责任单位 line or its bracketed office list, or ""."""
    match = _NOTE_LABELLED.search(text) or _NOTE_BARE.search(text)
    if not match:
        return ""
    names = [n.strip() for n in re.split(r"[、,，]", match.group(1)) if n.strip()]
    names = [n for n in names if not n.startswith("各")] or names  # 各县区政府 go without saying
    return "、".join(names[:_NOTE_NAMES]) + ("等" if len(names) > _NOTE_NAMES else "")


def is_personal(question: str) -> bool:
    return bool(_PERSONAL.search(question))


def classify(question: str) -> QuestionType | None:
    for qtype, asks in _ASKS:
        if re.search(asks, question):
            measure = _MEASURE.search(question) if qtype.name == "number" else None
            if measure:
                ordinal, unit = measure.groups()
                unit = {"岁": "周?岁", "个": "(?:个|所|家|间|处|张|名|项)"}.get(unit, unit)  # 几个 fits any measure
                return _t("number", rf"{ordinal or ''}[\d{_CN}]+(?:[到至—\-~～][\d{_CN}]+)?\s*{unit}", True)
            return qtype
    return None


def yes_no_words(question: str) -> tuple[str, str]:
    for asks, words in _YES_NO:
        if re.search(asks, question):
            return words
    return YES_NO_DEFAULT


def is_follow_up(question: str) -> bool:
    text = re.sub(r"[\s，,。？?！!]", "", question)
    return len(text) <= _FOLLOW_UP_MAX and bool(_FOLLOW_UP.search(question.strip()))
