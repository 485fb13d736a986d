"""The question a form asks for each slot, one short question per turn.

Each question is a domain response ``utter_q_<action suffix>`` (action_ask_meal →
utter_q_meal), said by the action of the same name; an action rather than the
response alone, because the same question is worded differently after a
failed answer: after two, it comes with the keypad (phone), quick replies
(widget) and a person offered (actions/form_turns.py counts the failures).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action

from actions import common, negation

# action name (action_ask_[<form>_]<slot>) → its question is the response utter_q_<name without action_ask_>
QUESTIONS = (
    "action_ask_meal_form_date", "action_ask_meal", "action_ask_portions", "action_ask_dining_mode",
    "action_ask_diet", "action_ask_service_type", "action_ask_home_care_form_date",
    "action_ask_home_care_form_time_of_day", "action_ask_applicant_name", "action_ask_id_number",
    "action_ask_elder_card_form_district", "action_ask_elder_card_form_phone", "action_ask_phone",
    "action_ask_id_last4", "action_ask_institution_form_district", "action_ask_complaint_text",
)
# Slots whose question, said again after the caller only negated a value (不用上午), is
# utter_again_<slot> with {cue}{said}: 好的，不要上午，那您要什么时间？ (actions/negation.py).
ASK_AGAIN = ("date", "time_of_day", "meal", "portions", "dining_mode", "diet", "service_type", "district")
# slot → the choices offered as quick replies and keypad keys (at most three): (words, slot value)
OPTIONS: Dict[Text, Sequence[Tuple[Text, Any]]] = {
    "date": (("今天", "今天"), ("明天", "明天"), ("后天", "后天")),
    "meal": (("早餐", "早餐"), ("午餐", "午餐"), ("晚餐", "晚餐")),
    "portions": (("一份", 1), ("两份", 2), ("三份", 3)),
    "dining_mode": (("到饭堂吃", "堂食"), ("送到家里", "送餐")),
    "diet": (("低盐", "低盐"), ("低糖", "低糖"), ("没有要求", "普通")),
    "time_of_day": (("上午", "上午"), ("下午", "下午")),
    "service_type": (("打扫卫生", "助洁"), ("陪诊", "陪诊"), ("上门维修", "维修")),
}
# Questions answered with a number the phone keypad can type.
NUMBER_SLOTS = ("phone", "id_number", "id_last4")
HUMAN_BUTTON = {"title": "转人工", "payload": "/request_human"}


def option_value(slot: Text, key: Optional[int]) -> Any:
    """The value keypad key ``key`` (1, 2, 3) stands for in the question for ``slot``."""
    choices = OPTIONS.get(slot, ())
    if key is None or not 1 <= key <= len(choices):
        return None
    return choices[key - 1][1]


def failures(tracker, slot: Text) -> int:
    return int(tracker.get_slot("failed_count") or 0) if tracker.get_slot("failed_slot") == slot else 0


def offer_help(dispatcher, tracker, slot: Text, labels: Sequence[Text]) -> None:
    """The question failed twice: the keypad (phone) or buttons (widget), and a person, in one turn."""
    labels = list(labels)[:3]
    channel, human = common.channel(tracker), common.human_words(tracker)
    dispatcher.utter_message(response="utter_still_not_understood")
    if channel == "phone" and labels:
        keys = "，".join(f"按{i}是{label}" for i, label in enumerate(labels, 1))
        dispatcher.utter_message(response="utter_keypad_choices", keys=keys, human=human,
                                 json_message={"expect": "key"})
    elif channel == "phone" and slot in NUMBER_SLOTS:
        dispatcher.utter_message(response="utter_keypad_number", human=human)
    elif channel == "phone":
        dispatcher.utter_message(response="utter_keypad_human", human=human)
    elif channel in ("widget", "rest", "cmdline"):
        buttons = [{"title": label, "payload": label} for label in labels] + [{**HUMAN_BUTTON, "title": human}]
        dispatcher.utter_message(response="utter_quick_replies", human=human, buttons=buttons)
    else:  # the speaker: no keys, no buttons
        dispatcher.utter_message(response="utter_say_human", human=human)


class AskQuestion:
    """Mixin: says utter_q_<name> with its buttons (the subclasses below are the Actions)."""

    action_name = ""

    def name(self) -> Text:
        return self.action_name

    def slot(self) -> Text:
        """action_ask_meal → meal, action_ask_home_care_form_time_of_day → time_of_day."""
        return self.action_name.split("_form_")[-1].replace("action_ask_", "", 1)

    def ask_again(self, dispatcher, tracker, domain) -> bool:
        """好的，不要上午，那您要什么时间？ when the caller's last words only negated this slot's value."""
        slot = self.slot()
        entity = negation.entity_of(slot, domain)
        negated = negation.only_negated(tracker, entity) if entity and slot in ASK_AGAIN else []
        if not negated:
            return False
        cue = "不是" if negated[0].cue.startswith("不是") else "不要"
        said = "、".join(dict.fromkeys(m.said for m in negated))
        dispatcher.utter_message(response=f"utter_again_{slot}", cue=cue, said=said, buttons=self.buttons())
        return True

    def buttons(self) -> List[Dict[Text, Any]]:
        return [{"title": label, "payload": label} for label, _ in OPTIONS.get(self.slot(), ())]

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        slot = self.slot()
        if failures(tracker, slot) >= 2:
            offer_help(dispatcher, tracker, slot, [label for label, _ in OPTIONS.get(slot, ())])
        elif not self.ask_again(dispatcher, tracker, domain):
            dispatcher.utter_message(response="utter_q_" + self.action_name.replace("action_ask_", "", 1),
                                     buttons=self.buttons())
        return []


# One Action subclass per question: the SDK registers actions by class. Kept in a list: a class
# nothing refers to is collected by the garbage collector, and its action is then missing.
QUESTION_ACTIONS = [type(f"Ask_{name}", (AskQuestion, Action), {"action_name": name}) for name in QUESTIONS]
