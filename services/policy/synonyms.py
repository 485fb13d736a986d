"""Domain synonyms: callers and papers name the same thing differently.

Each group maps every member onto its first word, the canonical token, so a
caller's 老人证 meets the paper's 老年优待证. Groups are about meaning in this
domain (吃饭 → 助餐 is right on an elderly-care hotline, not in general).
"""
from __future__ import annotations

GROUPS: list[tuple[str, ...]] = [
    ("老年证", "敬老卡", "老年优待证", "老人证", "敬老优待卡", "老年人优待证", "优待证", "老年卡"),
    ("高龄津贴", "高龄补贴", "高龄老人补贴", "长寿补贴"),
    ("护理补贴", "失能补贴"),
    ("助餐", "老年食堂", "长者饭堂", "助餐点", "老年助餐点", "社区食堂", "老年餐桌", "配餐",
     "大配餐", "饭堂", "食堂", "吃饭", "就餐", "集中就餐", "送餐"),
    ("居家养老", "在家养老", "居家"),
    ("日间照料中心", "日间照料", "日托", "托老所", "日间托老"),
    ("养老机构", "养老院", "老人院"),
    ("适老化改造", "无障碍改造", "适老改造"),
    ("长期护理保险", "长护险"),
    ("家庭医生", "签约医生", "家庭医生签约"),
    ("上门服务", "上门", "到家"),
    ("失能", "瘫痪", "不能自理", "卧床"),
    ("老年人", "老人", "老年", "长者", "老人家", "老年朋友"),
    ("护理型床位", "护理床位"),
    ("家庭照护床位", "家庭养老床位", "家庭病床"),
    ("养老护理员", "护工", "护理员"),
    ("平方米", "平米", "平方"),
    ("幸福院", "农村幸福院", "老年幸福院"),
    ("健康档案", "健康记录"),
    ("紧急救援", "紧急呼叫", "一键呼叫", "紧急援助", "急救呼叫"),
    ("子女", "儿女", "孩子"),
    ("补贴", "补助", "津贴"),
    ("体检", "健康检查"),
    ("小区", "居住区", "住宅区", "住宅小区", "居住小区", "新建小区"),
    ("配建", "配置", "配套", "要配", "配"),
    ("养老服务用房", "养老用房", "养老服务设施用房"),
    ("资金", "资助", "出钱", "给钱", "掏钱", "拿钱"),
    ("镇", "各镇", "每个镇", "镇街", "镇要"),
    ("街道", "各街道", "每个街道"),
    ("入住", "住", "住进", "入院"),
    ("社区", "各社区", "每个社区"),
]

_CANONICAL = {word: group[0] for group in GROUPS for word in group}


def canonical(token: str) -> str:
    return _CANONICAL.get(token, token)


def all_terms() -> list[str]:
    """Every synonym, for the tokenizer's dictionary."""
    return list(_CANONICAL)
