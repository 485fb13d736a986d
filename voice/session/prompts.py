"""Fixed spoken prompts (cached as audio) and the phrases the session handles itself."""
from __future__ import annotations

import re

REPROMPT = "您还在吗？请问有什么可以帮您？"
NOT_HEARD = "抱歉，我没有听清，请您再说一遍。"
WAKE_ACK = "我在，请说。"
KEYPAD = "抱歉，还是没有听清。号码也可以用电话按键输入，按井号键结束；按零转人工。"


def hand_over(hotline: str) -> str:
    return f"我帮您转接人工服务，请稍等。您也可以直接拨打热线{hotline}。"


def apology(hotline: str) -> str:
    return f"抱歉，系统暂时出了点问题。请您拨打热线{hotline}，人工为您服务。"


def fixed_prompts(hotline: str) -> list[str]:
    return [REPROMPT, NOT_HEARD, KEYPAD, WAKE_ACK, hand_over(hotline), apology(hotline)]


_REPEAT = re.compile(r"再说一[遍次下]|再讲一[遍次]|重复一[遍下]|没听清|没听见|听不清")


def asks_repeat(text: str) -> bool:
    return bool(_REPEAT.search(text)) and len(text) <= 12


def expects_answer(reply: str) -> bool:
    """A reply that asks something keeps the caller's turn open (re-prompt on silence)."""
    return bool(re.search(r"[？?]\s*$|吗[。.]?$|呢[。.]?$", reply.strip()))
