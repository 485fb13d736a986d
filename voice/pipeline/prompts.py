"""The few sentences the pipeline says itself, where Rasa cannot answer (cached as audio)."""
from __future__ import annotations

import re

REPROMPT = "您还在吗？请问有什么可以帮您？"
NOT_HEARD = "抱歉，我没有听清，请您再说一遍。"
WAKE_ACK = "我在，请说。"
KEYPAD = "抱歉，还是没有听清。号码可以用电话按键输入，按井号键结束，按零找人工。"


TRANSFER = "我帮您转接人工服务，请稍等。"  # said only where an operator line exists
# Silence after two re-prompts where no person can take the call: no promise of one, no number to dial.
SILENT_GOODBYE = "没有听到您说话，先挂断了。"
SILENT_IDLE = "没有听到您说话。需要帮忙时，请再叫我。"
# A transfer that failed during an emergency: the call and the dialogue go on.
STILL_HERE = "人工暂时没有接通，我一直在听，您请说。"
# What the session sends Rasa for 0 pressed where no operator can take the call: Rasa offers a call-back.
ASK_FOR_HUMAN = "/request_human"


def hand_over(operator: bool = True, hang_up: bool = False) -> str:
    """What the session itself says when it hands over (keypad 0, silence): a transfer only where an
    operator line exists; elsewhere the truth."""
    if operator:
        return TRANSFER
    return SILENT_GOODBYE if hang_up else SILENT_IDLE


def apology(hotline: str) -> str:
    return f"抱歉，系统暂时出了点问题。请您拨打热线{hotline}，人工为您服务。"


def fixed_prompts(hotline: str) -> list[str]:
    return [REPROMPT, NOT_HEARD, KEYPAD, WAKE_ACK, TRANSFER, SILENT_GOODBYE, SILENT_IDLE, STILL_HERE,
            apology(hotline)]


def expects_answer(reply: str) -> bool:
    """A reply that asks something keeps the caller's turn open (re-prompt on silence)."""
    return bool(re.search(r"[？?]\s*$|吗[。.]?$|呢[。.]?$", reply.strip()))
