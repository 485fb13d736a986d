"""Is the caller describing an emergency happening now?

One job: from the words alone, tell an acute state (摔倒了起不来, 胸口疼得厉害,
老伴叫不醒) or a call for help (救命, 叫救护车) from a health word inside an
ordinary answer (俺血压高), a past event (去年摔倒过), a negation (胸口不疼了),
a question about policy (摔倒了有没有补贴) or a forgetful remark (想不起来).

``judge`` answers RAISE (raise it at once), UNSURE (a complaint that may be
present and acute: ask one short question first), CALM (health words, but
past, negated, chronic, habitual or a question) or None (no health words at
all: the statistical classifier decides). Clauses are judged one by one; the
strongest verdict wins, so 去年摔过，刚才又摔了起不来 is RAISE.
"""
from __future__ import annotations

import re
from typing import Optional

from assistant.zh_text import normalize_utterance

RAISE, UNSURE, CALM = "raise", "unsure", "calm"

# Calls for help: an emergency whatever else the clause says (only a negation
# right before them, 不用叫救护车, takes them back).
HELP = ("救命", "救救", "快来人", "来人啊", "来人呀", "快来救", "叫救护车", "喊救护车", "叫个救护车",
        "打120", "叫120", "打幺二零", "打一二零", "着火", "起火", "失火", "冒烟", "煤气泄漏", "漏气", "煤气味",
        "撬门", "撬我家", "有人打我", "打人了", "煤气漏", "漏煤气", "着起来了", "火好大", "大火", "嚟人", "快啲嚟", "有人闯", "快救",
        "你们快来", "快点来人", "快派人", "快过来人", "叫白车", "叫架白车", "召白车", "救伤车")

# A present acute state: raise unless past, negated, habitual or asked about.
ACUTE = (
    "起不来", "起不了", "直不起来", "直不起腰", "爬不起来", "站不起来", "站不住", "站不稳了", "动不了", "动弹不了", "不能动",
    "叫不醒", "喊不醒", "叫不应", "没反应", "不省人事", "昏迷", "昏过去", "昏倒", "晕倒", "晕过去", "晕死",
    "倒在地", "倒地", "一动不动", "人不动了", "躺着不动", "摔在", "好多血", "一地血", "满脸血", "满头血", "流了血", "躺在地上", "摔在地上", "掉下来", "滚下来", "摔下来", "跌下来", "腿断了", "摔断了", "骨头断了", "摔倒了", "跌倒了", "摔了一跤", "跌了一跤",
    "摔了", "跌了", "绊倒", "栽倒",
    "喘不上", "喘不过", "喘不了", "喘不动", "上不来气", "透不过气", "出不来气", "憋死", "没气了", "没呼吸",
    "噎住", "噎着", "呛住", "卡住了喉咙",
    "疼得厉害", "痛得厉害", "疼得受不了", "痛得受不了", "疼死", "痛死", "疼得要命", "疼得不行", "痛得不行",
    "疼得直冒汗", "疼得打滚", "疼得要炸", "晕得厉害", "晕得不行", "得吓人", "憋得慌",
    "胸口疼", "胸口痛", "心口疼", "心口痛", "胸口闷", "心绞痛", "头要炸", "脑壳要炸", "就快跌", "要跌倒",
    "吐血", "便血", "咳血", "流血", "出血", "血止不住", "止不住", "大出血",
    "抽搐", "抽筋了", "口吐白沫", "吐白沫", "抽风", "嘴歪", "说不出话", "说不了话", "说话不清", "看不见东西", "半边身子",
    "中风了", "脑梗", "犯病", "犯病了", "病犯了", "犯了", "发作了", "不行了", "快不行", "要不行", "要死了",
    "走丢", "找不到人", "找不着人", "没回来", "烫伤", "烧伤", "骨折", "割到", "割伤", "浑身发抖", "冒冷汗",
    "出冷汗", "嘴唇发紫", "起唔到", "冇反应", "叫唔醒", "唔醒", "晕低", "晕咗", "跌咗", "唞唔到气", "透唔到气",
    "抽起来", "脸都紫", "不喘气", "没喘气", "倒起了", "人倒了", "不认人", "说胡话", "神志不清", "压得慌", "一身冷汗",
    "一大口血", "口血", "没知觉", "冇咗知觉", "失去知觉", "走失", "裂开", "重影", "嘴角歪", "喘不赢", "疼得不得了", "痛得不得了", "不得了了",
    "呼吸困难", "出不来了",
    "没得气", "冇得气", "断气", "冇咗呼吸", "冇呼吸", "出不得气", "出唔到气", "气都出不来", "气上不来", "气冇接上",
    "接不上气", "透唔过气", "喘不赢", "卡住哒", "哽亲", "哽住", "呛到哒", "呛着了", "不认得人", "讲胡话", "乱讲嘢", "讲唔到嘢",
    "讲唔出嘢", "讲不出话", "讲不出来", "歪埋", "动不得", "郁唔到", "郁唔得", "起唔到", "起不了身", "栽下来", "栽下去", "跌落",
    "碌落", "翻下来", "撞穿", "撞破", "磕破", "磕出血", "唔得了", "唔得咯", "得不中了", "不动了", "身上冰凉", "身子冰凉",
    "倒在", "倒哒", "倒咗", "发紫", "脸都乌", "脸都青", "嘴唇乌", "抽筋", "胸口翳", "心口翳", "打滚", "困在", "卡在床", "卡在墙", "他倒了", "她倒了", "伴倒了", "头倒了", "妈倒了", "爸倒了",
    "胸口好痛", "胸口好疼", "心口好痛", "心口好疼", "胸口很痛", "胸口很疼", "心口很痛", "心口很疼",
    "跳得好快", "天旋地转", "要晕了", "要晕倒", "快晕了", "升到二百", "高压二百", "喊不应", "叫不应", "不醒人事", "人事不省", "嘴唇都紫", "脸色发紫", "一直吐", "吐得厉害", "发高烧", "烧得厉害", "血糖低",
)

# A complaint that may be acute: ask before raising.
MILD = ("闷得慌", "不对劲", "不对头", "唔对路", "不太舒服", "不大舒服", "唔舒服", "唔舒服", "头晕", "头有点晕", "有点晕", "晕乎", "发晕", "头昏", "眼花", "不舒服", "难受", "不得劲", "胸闷", "心慌", "慌得很", "心里发慌",
        "心跳得", "头疼", "头痛", "肚子疼", "肚子痛", "疼", "痛", "没劲", "发烧", "发烧了", "恶心", "想吐", "喘",
        "气短", "麻了", "发麻", "有点麻", "有点慌", "有点闷", "心里闷", "胸口有点闷", "腿软", "摔", "跌", "晕")

# Words that end a clause's acuteness.
PAST = ("去年", "旧年", "前天", "昨天", "昨日", "昨晚", "昨儿", "夜个", "夜儿个", "前两天", "前些日子", "前几天", "前年", "早些年", "早几年", "那些年", "上个月", "上月", "上周", "上礼拜", "上星期", "上回", "上次", "以前", "之前", "那年",
        "前几年", "几年前", "早年", "年轻时", "年轻的时候", "小时候", "那时候", "当年", "前些年", "头几年",
        "以往", "曾经", "好久以前", "前阵子", "那回", "那次")
# 刚才, 现在, 正在 …: the clause speaks of now even if it names the past too.
PRESENT = ("刚才", "刚刚", "现在", "正在", "这会儿", "这会", "此刻", "眼下", "突然", "一下子", "又", "还在",
           "一直在", "到现在", "今天", "这两天", "快", "还是起不来", "还起不来", "而家", "依家")
HABITUAL = ("平时", "平常", "经常", "有时候", "有时", "老是", "总是", "每次", "每天", "时不时", "常常", "毛病",
            "老毛病", "习惯", "容易", "一到冬天", "一变天", "的话", "卧床", "瘫在床", "瘫痪", "好几年", "多年",
            "这些年", "长期", "以后一直", "之后一直")
# Questions about policy, money or how things work are never a call for help.
QUESTION = ("补贴", "补助", "报销", "政策", "多少钱", "费用", "收费", "要钱", "怎么申请", "能不能报", "能报",
            "管不管", "算不算", "保险", "护理险", "津贴", "怎么办理", "可以申请", "能申请", "怎么预防", "预防",
            "注意什么", "咋预防", "设备", "呼叫器", "一键", "的药", "什么名字", "啥名字", "哪天", "谁来管", "谁管", "这项服务", "啥服务", "什么服务", "万一", "如果", "要是", "怎么扶", "咋扶", "才对", "气得", "急得", "气死", "急死", "烦死", "笑死", "冻死", "热死", "累死", "假如", "怕摔", "怕跌", "担心", "防止", "防滑", "扶手")
# A story told about someone elsewhere (on TV, heard of): nobody here needs help.
REPORTED = ("电视里", "电视上", "新闻里", "新闻上", "报纸上", "广播里", "听说", "听人说", "视频里", "抖音上", "故事", "听隔壁", "听邻居", "听人讲", "听讲", "听佢哋讲")
# 救命 as a modifier (救命的药, 救命钱) names a thing, not a call for help.
FIGURATIVE_HELP = re.compile(r"救命(?:的|钱|药|稻草|恩)")
# Forgetful remarks and chronic conditions described as facts.
CALM_WORDS = ("想不起来", "记不起来", "记不清", "记不得", "忘了", "想不起", "血压高", "高血压", "糖尿病", "血糖高",
              "心脏不好", "牙疼", "牙痛", "腿脚不好", "痛风", "风湿", "哮喘", "老胃病", "心脏病", "冠心病", "脑梗后遗症", "腿脚不便", "老寒腿", "关节炎", "胃不好", "牙不好", "耳背", "眼睛不好",
              "没事了", "没事", "好多了", "好了", "不要紧", "没大碍", "没伤着", "没摔着", "没摔坏", "已经好", "出院",
              "住过院", "住院", "医院", "医生说", "大夫说", "体检", "复查", "开药", "拿药", "买药", "看病", "挂号", "陪诊", "陪我去医院",
              "看牙", "腿没劲", "腿没力", "腿脚", "没力气", "牙齿", "牙口", "假牙", "降压药", "救心丸", "药快", "药吃完", "找不到", "找不着", "寻不到", "寻唔到",
              "不见了", "弄丢了", "在家闷", "屋里闷", "闷在家", "解闷", "无聊", "低糖", "低盐", "少盐", "少放", "清淡", "忌口", "不吃")
# Said anywhere in the turn, the caller is fine now: a fall becomes a question, a complaint calm.
RESOLVED = ("没事了", "没事", "好多了", "没伤着", "没摔着", "不要紧", "没大碍", "已经好了", "缓过来了", "不碍事", "冇事",
            "没有不舒服", "没不舒服", "冇唔舒服", "早好了", "现在好了", "今儿好了", "好咗", "好返", "好哒", "没问题", "冇问题")
# The one who fell or hurt is said to be unhurt: calm, not even a question (送餐的师傅摔了一跤，人没事).
UNHURT = ("人没事", "人冇事", "没伤着人", "人没伤着", "没伤到人", "人没受伤", "没摔着", "没伤着")
# A negation right before a symptom word takes it back: 没摔着, 胸口不疼了, 不再晕.
NEGATION = re.compile(r"(不|没|没有|不再|别|未|无|不太|不怎么|不那么|没那么|不是|并不|也不|都不|已经不|冇|唔|冇有)$")
# V过 (摔倒过, 住过院, 晕过两次): an experience in the past, not 晕过去 / 喘不过气 / 过来.
PAST_ASPECT = re.compile(r"(摔|跌|倒|晕|昏|住|犯|病|疼|痛|断|伤|中风|骨折|发作|抢救|出血|流血|烫|做|着|失|起)过(?![去来气])")
# Anywhere in the turn, a question about money or rules: an acute word elsewhere only asks first.
POLICY_TOPIC = re.compile(r"补贴|补助|报销|政策|津贴|护理险|能办|申请|投诉|费用|谁出钱|谁出|谁付|多少钱|要钱|收费")
# A kind of person, not someone here now: 得了脑梗的老人, 有心脏病的人.
GENERIC = re.compile(r"(得过|得了|患有|患了|有)[^，。]{1,6}的(老人|老年人|人|患者)|(失智|失能|独居|空巢|孤寡|高龄)(老人|老年人)")
# Things, not people: 电视摔了, 窗帘杆掉下来了, 按钮没反应, 手机不行了, 猫走丢了 (just before the acute word).
OBJECT = re.compile(r"(电视|手机|电话|屏幕|窗帘|柜子|柜门|抽屉|按钮|音箱|喇叭|碗|盘子|杯子|瓶子|锅|灯|热水器|冰箱|洗衣机|空调|电脑|"
                    r"机器|网|信号|车子|电动车|自行车|三轮车|架子|镜子|花盆|猫|狗|鸡|鸟|钥匙|东西|快递|钱|卡|证|本子)[^，。]{0,2}$")
# Calls for help whose words vary: someone breaking in, blood that keeps running, choking on food,
# a person who does not answer when called, someone named who has fallen (俺爷在屋里倒了).
HELP_PATTERNS = re.compile(r"有人[^，。]{0,3}(撬|砸|踹|闯)|(撬|砸|踹)[^，。]{0,4}门|血[^，。]{0,3}(一直|不停|哗哗|直|止不住)[^，。]{0,2}流"
                           r"|(吃|吞|咽|食)[^，。]{0,5}(卡住|噎|哽)|(叫|喊)[^，。]{0,4}(不应|唔应|不吭声|不答应|不出声|不做声)"
                           r"|血压[^，。]{0,6}(两百|二百|2\d\d|一百八|一百九|180|190)|(爷|奶|爸|妈|娘|爹|伴|婆|公|头|倌子|子|儿|娭毑|我|俺)[^，。]{0,5}倒(了|哒|咗)")
HESITATION = re.compile(r"…+|\.{2,}|—+|-{2,}")
CLAUSE = re.compile(r"[，,。．.！!？?；;、\s]+|但是|可是")
# Intensity and persistence turn a mild complaint acute: 头晕得厉害, 一直吐.
INTENSE = ("厉害", "受不了", "要命", "不行", "死了", "吓人", "站不住", "起不来", "好半天", "止不住", "要死", "不得了", "打滚",
           "要炸", "冒汗", "冷汗", "不中了", "唔得", "好辛苦", "站不稳", "企唔住", "企唔稳", "看不清")


def _found(text: str, words: tuple) -> list:
    """(start, end) of each word in text, longest word first so 胸口疼 wins over 疼."""
    spans, taken = [], set()
    for word in sorted(words, key=len, reverse=True):
        start = text.find(word)
        while start != -1:
            span = set(range(start, start + len(word)))
            if not span & taken:
                spans.append((start, start + len(word)))
                taken |= span
            start = text.find(word, start + 1)
    return spans


def _negated(text: str, start: int, end: int) -> bool:
    """A negation right before the word (没摔着, 不用叫救护车) or inside the phrase (胸口不疼了)."""
    before = text[max(0, start - 4):start]
    if NEGATION.search(before) or re.search(r"(不用|不要|别|不必|用不着|唔使|唔驶|唔好|冇必要)$", before):
        return True
    return False


def _inner_negation(text: str) -> bool:
    """胸口不疼了 / 头不晕了 / 不再疼: a body part, a negation, then the symptom (outside the acute
    phrases that hold a negation themselves: 不喘气, 起不来)."""
    for start, end in _found(text, ACUTE):
        text = text[:start] + "　" * (end - start) + text[end:]
    return bool(re.search(r"(不|没|没有|不再|不怎么|不太)(疼|痛|晕|闷|喘|难受|舒服了|发烧|吐|抖|麻)", text))


def _clause(text: str) -> Optional[str]:
    """One clause; past words before a present one (去年摔过现在又摔了) end where the present begins."""
    past_at = min((text.find(w) for w in PAST if w in text), default=-1)
    now_at = min((text.find(w, past_at + 1) for w in PRESENT if text.find(w, past_at + 1) > past_at), default=-1) \
        if past_at >= 0 else -1
    if now_at > past_at >= 0:
        parts = {_judge_clause(text[:now_at]), _judge_clause(text[now_at:])}
        return next((v for v in (RAISE, UNSURE, CALM) if v in parts), None)
    return _judge_clause(text)


def _judge_clause(text: str) -> Optional[str]:
    helps = [s for s in _found(text, HELP) if not _negated(text, *s)
             and not FIGURATIVE_HELP.match(text, s[0]) and not any(w in text for w in REPORTED)]
    if helps and not any(w in text for w in ("补贴", "报销", "费用", "多少钱", "要钱", "收费", "政策")):
        return RAISE
    has_help_word = bool(_found(text, HELP))
    acute = [s for s in _found(text, ACUTE) if not _negated(text, *s) and not OBJECT.search(text[:s[0]])]
    pattern = HELP_PATTERNS.search(text)
    if pattern and not OBJECT.search(text[:pattern.start()]):
        acute.append(pattern.span())
    mild = [s for s in _found(text, MILD) if not _negated(text, *s) and not OBJECT.search(text[:s[0]])]
    any_health = has_help_word or bool(pattern) or bool(_found(text, ACUTE)) or bool(_found(text, MILD)) or \
        any(w in text for w in CALM_WORDS) or bool(PAST_ASPECT.search(text)) or _inner_negation(text)
    if not any_health:
        return None
    present = any(w in text for w in PRESENT)
    past = (any(w in text for w in PAST) or bool(PAST_ASPECT.search(text))) and not present
    habitual = any(w in text for w in HABITUAL) and not present
    if past or habitual or any(w in text for w in QUESTION + REPORTED) or GENERIC.search(text):
        return CALM
    if acute and not _inner_negation(text):
        return RAISE
    calm = any(w in text for w in CALM_WORDS)
    if mild and not calm and not _inner_negation(text):
        if any(w in text for w in INTENSE):
            return RAISE
        return UNSURE
    return CALM


def _intense(parts: list) -> bool:
    """An intensity word (厉害, 企唔稳) said without a negation before it, in any clause."""
    return any(not _negated(part, start, end) for part in parts for start, end in _found(part, INTENSE))


def judge(text: str) -> Optional[str]:
    """RAISE, UNSURE, CALM or None (no health words), for one caller turn."""
    text = HESITATION.sub("", text or "")  # 胸口……疼: a pause inside a phrase
    parts = [part for part in CLAUSE.split(text) if part]
    if parts and sum(len(part) == 1 for part in parts) > len(parts) / 2:
        parts = [part for part in CLAUSE.split(normalize_utterance(text)) if part]  # 摔 倒 了: ASR spacing
    text = normalize_utterance(text or "")
    verdicts = {_clause(part) for part in parts}
    if UNSURE in verdicts and RAISE not in verdicts and _intense(parts):
        verdicts.add(RAISE)  # 我头好晕，企唔稳，就快跌: the intensity is said in a clause of its own
    verdict = next((v for v in (RAISE, UNSURE, CALM) if v in verdicts), None)
    if verdict in (RAISE, UNSURE) and any(w in text for w in UNHURT) and not _found(text, HELP):
        return CALM
    calm_turn = any(w in text for w in RESOLVED) or POLICY_TOPIC.search(text)  # 没事了 / …能办补贴不
    if verdict == RAISE and POLICY_TOPIC.search(text):
        return UNSURE  # 老人突发疾病叫救护车，费用谁出: a question about money, even with a call for help
    if verdict in (RAISE, UNSURE) and calm_turn and not _found(text, HELP):
        return UNSURE if verdict == RAISE else CALM
    return verdict
