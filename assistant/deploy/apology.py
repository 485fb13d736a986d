"""What a caller hears when a turn could not be taken: one sentence, asking them to say it again.

Said by the production REST channel (a store or action failed) and by nginx
(no Rasa instance answered), in the REST channel's reply format.
"""
from __future__ import annotations

import json

BUSY_APOLOGY = "抱歉，系统有点忙，刚才这句没有听清楚，请您再说一遍。"


def rest_reply(recipient_id: str = "") -> list[dict]:
    """The apology as Rasa's REST channel would send it; custom ``retry`` marks a turn not taken."""
    return [{"recipient_id": recipient_id, "text": BUSY_APOLOGY}, {"recipient_id": recipient_id, "custom": {"retry": True}}]


def rest_reply_json() -> str:
    return json.dumps(rest_reply(), ensure_ascii=False)
