"""What the suite looks at besides the replies: orders in dispatch, and the personal data of
an elder that a caller must not hear before they proved who they are."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from tests.callers.people import Person

CHINA = ZoneInfo("Asia/Shanghai")


# -- the dispatch database, through the API (the one place that knows how orders are listed) --

def orders_of(stack, elder_id: str) -> List[dict]:
    response = stack.api("dispatch", "GET", "/dispatch/v1/orders", params={"elder_id": elder_id})
    response.raise_for_status()
    return response.json()["items"]


def order_by_id(stack, order_id: str) -> Optional[dict]:
    response = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}")
    return response.json() if response.status_code == 200 else None


def notifications_of(stack, order_id: str) -> List[dict]:
    response = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}/notifications")
    return response.json().get("items", []) if response.status_code == 200 else []


# -- what a caller must not hear before they proved who they are --

def _chinese_hundreds(n: int) -> List[str]:
    digits = "零一二三四五六七八九"
    if not 0 < n < 1000 or n % 10:
        return []
    h, t = divmod(n // 10, 10)
    out = []
    if h:
        for hw in {digits[h], "两" if h == 2 else digits[h]}:
            out.append(hw + "百" + (digits[t] + "十" if t else ""))
            if t:
                out.append(hw + "百" + digits[t])
    else:
        out.append(("" if t == 1 else digits[t]) + "十")
    return out


def private_marks(person: Person, said: str) -> List[str]:
    """Strings that give away this elder's records: address, ID number, allowance amounts."""
    marks = [person.address, person.address.replace("武汉市", ""), person.id_number]
    if person.last4 not in said:
        marks.append(person.last4)
    for amount in set(person.amounts):
        for word in [str(amount)] + _chinese_hundreds(amount):
            marks += [word + "元", word + "块"]
    return [m for m in marks if m]


def leaked(person: Person, text: str, said: str) -> List[str]:
    flat = text.replace(" ", "").replace(",", "")
    return [m for m in private_marks(person, said) if m in flat]


# -- order fields --

def china_today() -> date:
    return datetime.now(CHINA).date()


def field_ok(want: Any, got: Any, key: str = "") -> bool:
    if key == "date" and isinstance(want, int) or isinstance(want, str) and want[:1] == "+" and want[1:].isdigit():
        return got == (china_today() + timedelta(days=int(want))).isoformat()  # +N: N days from today
    if isinstance(got, list):
        wants = want if isinstance(want, list) else [want]
        return all(w in got for w in wants)
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        try:
            return float(got) == float(want)
        except (TypeError, ValueError):
            return False
    return got == want


def order_matches(want: Dict[str, Any], order: dict) -> List[str]:
    problems = []
    for key, value in want.items():
        if key == "type":
            continue
        if key == "text_contains":
            text = json.dumps(order.get("details"), ensure_ascii=False)
            if not any(v in text for v in ([value] if isinstance(value, str) else value)):
                problems.append(f"details carry none of {value!r}")
            continue
        got = order.get(key, (order.get("details") or {}).get(key))
        if not field_ok(value, got, key):
            problems.append(f"{key}={got!r}, expected {value!r}")
    return problems
