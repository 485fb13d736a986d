"""Who is calling: the caller's number looked up in the records service, and the greeting."""
from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger(__name__)


def phone_number(user: str) -> str:
    """The From user part as a phone number: '+86 138-0013-8000' → '13800138000'; '' if none."""
    digits = re.sub(r"[\s\-()]", "", user)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if digits.isdigit() else ""


def caller_id(user: str) -> str:
    """The From user part as the gateway passes it on (sender id, Rasa's caller_id, the call record):
    a number or a plain SIP user name, at most 32 characters; anything else is an anonymous caller."""
    user = user.strip()
    return user if re.fullmatch(r"[\w+\-.]{1,32}", user, re.ASCII) else ""


def elder_name(records_url: str, token: str, phone: str, timeout_s: float = 2.0) -> str | None:
    """The registered name for this phone, or None (unknown, or records unreachable: greet generically)."""
    if not phone:
        return None
    url = f"{records_url.rstrip('/')}/records/v1/elders?" + urllib.parse.urlencode({"phone": phone})
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            items = json.loads(response.read().decode("utf-8")).get("items") or []
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("caller lookup failed: %s", exc)
        return None
    return items[0].get("name") if len(items) == 1 else None  # a shared phone: do not guess whose


def greeting(hotline: str, name: str | None) -> str:
    who = f"{name}您好" if name else "您好"
    return f"{who}，这里是{hotline}养老服务热线，请问有什么可以帮您？"
