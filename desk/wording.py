"""What the desk itself says to an elder (the assistant's own sentences stay in the Rasa domain),
and the labels operators read."""
from __future__ import annotations

OPERATOR_JOINED = "工作人员{name}来了，您请说。"
HANDED_BACK = "工作人员已经离开，接下来由智能助手继续为您服务。"
NOBODY_FREE = "现在工作人员都在忙，我们已经登记，会尽快给您回电话。"

REASONS = {
    "asked_human": "要求人工", "offered_human": "要求人工", "failed_turns": "多次没听懂", "emergency": "紧急求助",
    "booking_failed": "预订失败", "identity_failed": "身份核验失败", "policy_not_found": "政策没查到", "other": "其他",
}
SLOT_LABELS = {
    "date": "日期", "time_of_day": "时段", "meal": "餐次", "portions": "份数", "dining_mode": "就餐方式",
    "diet": "饮食", "service_type": "服务", "district": "区", "care_level": "护理等级", "price": "预算",
    "complaint_text": "投诉内容", "applicant_name": "申请人", "phone": "电话",
}
# slot values that say who the elder is: named only once the item is opened
PERSONAL_SLOTS = ("applicant_name", "phone", "complaint_text")
CANNED = (
    "您好，我是12349的工作人员，请问有什么可以帮您？",
    "好的，我帮您记下来了。",
    "请您稍等，我查一下。",
    "您说的我明白了，我们会尽快安排。",
    "还有别的需要帮忙的吗？",
)
