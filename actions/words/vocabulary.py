"""The words of the forms, identity, emergencies and complaints: what callers say that the actions
recognise, and the canonical slot values the services store (see actions/words/__init__.py)."""
from __future__ import annotations

import re
from typing import Any, Dict, Sequence, Tuple

# --- canonical slot values (the dispatch and records APIs store these) ---------------------------
MEALS = ("早餐", "午餐", "晚餐")
MODES = ("堂食", "送餐")
DELIVERY = "送餐"
ORDINARY_DIET = "普通"
DIETS = ("低盐", "低糖", "软食", ORDINARY_DIET)
SERVICES = ("助洁", "助浴", "助医", "助行", "陪诊", "维修")
HALF_DAYS = ("上午", "下午")
# Times of day said for a visit that fall in a half day: 早上 is the morning, 中午 the afternoon.
HALF_DAY_OF = {"早上": "上午", "中午": "下午"}
# A time of day said with the date tells the meal: 明天中午 → 午餐.
MEAL_BY_TIME = {"早上": "早餐", "中午": "午餐", "晚上": "晚餐"}

# --- answers a question offers: (the caller's words = quick reply = keypad key N, slot value) -----
# At most three, in keypad order; the voice layer gets the words as expect.options.
OPTIONS: Dict[str, Sequence[Tuple[str, Any]]] = {
    "date": (("今天", "今天"), ("明天", "明天"), ("后天", "后天")),
    "meal": (("早餐", "早餐"), ("午餐", "午餐"), ("晚餐", "晚餐")),
    "portions": (("一份", 1), ("两份", 2), ("三份", 3)),
    "dining_mode": (("到饭堂吃", "堂食"), ("送到家里", "送餐")),
    "diet": (("低盐", "低盐"), ("低糖", "低糖"), ("没有要求", ORDINARY_DIET)),
    "time_of_day": (("上午", "上午"), ("下午", "下午")),
    "service_type": (("打扫卫生", "助洁"), ("陪诊", "陪诊"), ("上门维修", "维修")),
}

# The caller's own negation, echoed when the question comes again (好的，不是明天，…): 不是 is kept,
# any other (不用, 别, 不想要) is said as the last one.
ECHOED_CUES = ("不是", "不要")
# A yes / no offered as keys 1 and 2 (and quick replies) when a read-back was not answered twice.
YES_NO_OPTIONS = ("对", "不对")
# The services as callers name them (an order's type said back: 订餐，订单号…).
ORDER_KINDS = {"meal": "订餐", "home_care": "上门服务", "emergency": "紧急求助", "complaint": "投诉",
               "callback": "回电"}

# --- meals: a diet in the caller's own words, and "nothing special" -----------------------------
DIET_WORDS = {"低盐": re.compile(r"盐|咸|清淡|口轻"), "低糖": re.compile(r"糖|甜"),
              "软食": re.compile(r"软|烂|好嚼|嚼不动|牙口")}
# Said with the booking itself: nothing special about the food.
NO_REQUIREMENT = re.compile(r"没.{0,2}(?:要求|忌口|讲究)")
# Answers to the diet question that ask for nothing special.
NO_DIET = re.compile(r"(?:没|冇|无)[得乜有啥什么]{0,3}(?:要求|忌口|讲究|特别)|不要(?:什么|啥|乜)?特别|不忌|不用|不需要|不挑|不讲究"
                     r"|随便|都行|都可以|都中|无所谓|冇所谓|正常|普通|一般的?|啥都能吃|什么都能吃|乜都食得|没问题|冇问题|^冇得$")

# --- the part of a read-back a caller points at (日期不对), per form ----------------------------
_DATE_WORDS = ("日期", "哪天", "日子")
MEAL_FIELDS = {"date": _DATE_WORDS, "portions": ("份数", "几份"), "dining_mode": ("送餐", "堂食", "方式"),
               "diet": ("口味", "要求")}
CARE_FIELDS = {"date": _DATE_WORDS, "time_of_day": ("时间", "钟点"), "service_type": ("服务", "项目")}
CARD_FIELDS = {"applicant_name": ("名字", "姓名"), "id_number": ("身份证",), "district": ("区", "地址", "住"),
               "phone": ("电话", "手机")}

# --- names, numbers, districts, prices ---------------------------------------------------------
NAME_FILLERS = re.compile(r"^(嗯|那个|我叫|俺叫|咱叫|他叫|她叫|叫|名字是|名字叫|姓名是|我是|俺是|是)+|(吧|啊|呀|呢)$")
NAME_PUNCTUATION = re.compile(r"[\s，。,.!?！？]")
# Spoken digits, and what a caller puts between groups of them (幺三八，零零幺三，八零零零).
DIGIT_CHARS = "零〇一二三四五六七八九幺两0-9"
GROUP_SEPARATORS = r"[\s，,、。.\-－—]+"
COUNT_UNITS = re.compile(r"[份个位人碗盒]")
# What ends a district's name; callers often leave it off (江岸 for 江岸区).
DISTRICT_SUFFIXES = ("街道", "新区", "区", "县", "市", "镇")
PRICE_UNITS = re.compile(r"[元块]")

# --- who the data is for: 我妈的补贴, 帮我父亲查一下, 我替我老伴问 ---------------------------------
ON_BEHALF = re.compile(
    r"(妈|母亲|娘|爸|父亲|爹|老爷子|老太太|老伴|老头子|老婆子|爱人|丈夫|老公|妻子|媳妇|爷爷|奶奶|外公|外婆|姥姥|姥爷"
    r"|公公|婆婆|岳父|岳母|丈母娘|老丈人|舅|姨|叔|伯|姑|亲戚|邻居|家里老人|老人家|他的|她的|替.{0,4}(问|查|办))")

# --- emergencies: 不用 / 没事 said to the check question: the caller is fine ----------------------
NOT_UNWELL = ("不用", "不要", "没事", "不是", "没有", "别叫", "不需要", "好多了", "不碍事", "算了")

# The situation an emergency order carries when the caller said nothing (for the staff, never said).
UNSAID_SITUATION = "（来电者未说明）"

# --- complaints: words that only say there is one (俺有个事要投诉一下) ------------------------------
NO_COMPLAINT_CONTENT = re.compile(r"[我俺咱你们您这那有个件事儿想要得给帮把一下点投诉反映意见问题情况说讲啊呀吧呢嘛哦了的是就还]"
                                  r"|[\s，,。.！!？?、]")

# --- negation (actions/negation.py): what negates a value said next to it ------------------------
CLAUSE_BOUNDARY = re.compile(r"[，,。.！!？?；;：:、\n]")
# Short words that may stand between a negation and the value it negates.
_LINK = r"(?:给我|帮我|跟我|那个|这个|安排在|安排|订在|约在|订|约|定|在|说|选|要|吃)"
NEGATION_BEFORE = re.compile(
    rf"(?:(?:(?<![要用是需想必])不(?:需要|想要|要|用|是|想|必)|(?<![特分区告离级类识性差鉴])别|甭){_LINK}{{0,2}}"
    r"|没有)$"
)
REFUSAL_AFTER = re.compile(r"^的?(?:不行|不方便|不合适|不可以|不好|不对|没空|不要了|不用了|算了)(?=$|[，,。.！!？?；;、吧啊呀呢哦])")
