"""What elders say on a care call that the check-in and 回访 actions recognise (actions/checkin.py,
actions/followup.py). Words only: nothing here is said to the caller."""
from __future__ import annotations

import re

# word said → the red flag the desk and the visit order read
RED_FLAGS = {"不舒服": "不舒服", "难受": "不舒服", "摔了": "摔了", "摔倒": "摔了", "跌倒": "摔了", "跌了": "摔了",
             "一跤": "摔了", "头晕": "头晕", "头昏": "头晕", "没吃饭": "没吃饭", "没饭吃": "没吃饭", "害怕": "害怕",
             "没人管": "没人管", "没人照顾": "没人管"}
NOT_EATEN_FLAG = "没吃饭"
NEGATORS = ("不", "没", "别", "未")
NOT_EATEN = re.compile(r"没吃|没有吃|还没|不想吃|吃不下")
NOTHING_NEEDED = re.compile(r"^(没有|没|不用|不需要|没啥|没什么|都挺好|挺好|好着呢|不要)")

# 回访: a score said in words (longest, most specific first) or a digit 1–5
SCORE_WORDS = (("很不满意", 1), ("非常不满意", 1), ("太差", 1), ("不太满意", 2), ("不满意", 1), ("一般", 3),
               ("还行", 3), ("还可以", 3), ("非常满意", 5), ("很满意", 5), ("满意", 4))
SCORE_NUMBER = re.compile(r"[1-5一二三四五两]")
NOT_DELIVERED = re.compile(r"没送|没来|没到|没收到|没做|没有来|没有送")
