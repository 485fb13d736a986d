"""The question a form asks for each slot, one short question per turn.

Kept as actions rather than domain responses so every prompt of every form is
in one table (and ``rasa data validate`` stays free of the false "unused
utterance" warnings it gives for form questions).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action

from actions import common, negation

# action name (action_ask_[<form>_]<slot>) → question
QUESTIONS = {
    "action_ask_meal_form_date": "您要订哪一天的？比如今天、明天。",
    "action_ask_meal": "要早餐、午餐，还是晚餐？",
    "action_ask_portions": "要几份？",
    "action_ask_dining_mode": "是到长者饭堂吃，还是送到家里？",
    "action_ask_diet": "饭菜有没有要求？低盐、低糖，还是软一点？没有就说“没有”。",
    "action_ask_service_type": "您要哪种上门服务？比如打扫卫生、助浴，还是陪诊？",
    "action_ask_home_care_form_date": "您想约哪一天？",
    "action_ask_home_care_form_time_of_day": "上午来，还是下午来？",
    "action_ask_applicant_name": "请问办证的老人叫什么名字？",
    "action_ask_id_number": "请说一下老人的身份证号，一位一位慢慢说就行。",
    "action_ask_elder_card_form_district": "老人住在哪个区？",
    "action_ask_elder_card_form_phone": "请留一个联系电话，审核结果会打这个电话告诉您。",
    "action_ask_phone": "为了查您的信息，请说一下老人登记的手机号。",
    "action_ask_id_last4": "为了保护您的信息，请说一下身份证号的最后四位。",
    "action_ask_institution_form_district": "您想找哪个区的养老院？",
    "action_ask_complaint_text": "您慢慢说，遇到了什么问题？",
}
# slot → the question again after a caller only said what they do not want (不用上午):
# "好的，不要上午，" comes before it (actions/negation.py).
ASK_AGAIN = {
    "date": "那您要哪一天？",
    "time_of_day": "那您要什么时间？",
    "meal": "那您要哪一顿？",
    "portions": "那您要几份？",
    "dining_mode": "那您想怎么吃？",
    "diet": "那饭菜有什么要求？没有就说“没有”。",
    "service_type": "那您要哪种服务？",
    "district": "那是哪个区？",
}
# Quick-reply buttons for questions with a few fixed answers (at most three).
BUTTONS = {
    "action_ask_meal_form_date": ["今天", "明天", "后天"],
    "action_ask_meal": ["早餐", "午餐", "晚餐"],
    "action_ask_portions": ["一份", "两份", "三份"],
    "action_ask_diet": ["低盐", "低糖", "没有要求"],
    "action_ask_home_care_form_date": ["明天", "后天"],
    "action_ask_dining_mode": ["到饭堂吃", "送到家里"],
    "action_ask_home_care_form_time_of_day": ["上午", "下午"],
}


class AskQuestion:
    """Mixin: says QUESTIONS[name()] with its buttons (the subclasses below are the Actions)."""

    action_name = ""

    def name(self) -> Text:
        return self.action_name

    def slot(self) -> Text:
        """action_ask_meal → meal, action_ask_home_care_form_time_of_day → time_of_day."""
        return self.action_name.split("_form_")[-1].replace("action_ask_", "", 1)

    def ask_again(self, tracker, domain) -> Text:
        """好的，不要上午，那您要什么时间？ when the caller's last words only negated this slot's value."""
        slot = self.slot()
        entity = negation.entity_of(slot, domain)
        negated = negation.only_negated(tracker, entity) if entity and slot in ASK_AGAIN else []
        if not negated:
            return ""
        cue = "不是" if negated[0].cue.startswith("不是") else "不要"
        said = "、".join(dict.fromkeys(m.said for m in negated))
        return f"好的，{cue}{said}，{ASK_AGAIN[slot]}"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        buttons = [{"title": b, "payload": b} for b in BUTTONS.get(self.action_name, [])]
        common.say(dispatcher, self.ask_again(tracker, domain) or QUESTIONS[self.action_name], buttons=buttons)
        return []


# One Action subclass per question: the SDK registers actions by class.
for _name in QUESTIONS:
    type(f"Ask_{_name}", (AskQuestion, Action), {"action_name": _name})
