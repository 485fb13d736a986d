"""The desk's own settings (E12349_DESK_* variables); where it listens and is reached: assistant/settings.py
(desk_port, desk_url).

Same rules as assistant/settings.py: a frozen dataclass, stdlib only, each field read from
``E12349_DESK_<FIELD>`` and converted to the field's type.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

PREFIX = "E12349_DESK_"


@dataclass(frozen=True)
class DeskSettings:
    session_ttl_s: int = 10 * 3600  # one shift
    login_max_failures: int = 5  # wrong passwords per login per window, then 429
    login_window_s: int = 900
    feed_poll_s: float = 0.5  # how often new call-back and emergency orders are looked for
    alarm_escalate_s: int = 60  # unacknowledged emergency: supervisors alerted, then after twice this the contact
    unassigned_timeout_s: int = 180  # a live hand-over nobody took: the elder is told and a call-back filed
    demo_users: bool = False  # development: seed operator/supervisor/admin logins (bin/run only)
    max_text_chars: int = 500  # one operator or elder message
    online_timeout_s: float = 1.0  # a channel asking whether anybody is on the desk waits no longer


def load(environ: dict[str, str] | None = None) -> DeskSettings:
    env = os.environ if environ is None else environ
    defaults, values = DeskSettings(), {}
    for f in fields(DeskSettings):
        raw = env.get(PREFIX + f.name.upper())
        if raw is None:
            continue
        current = getattr(defaults, f.name)
        if isinstance(current, bool):
            values[f.name] = raw.lower() in ("1", "true", "yes", "on")
        else:
            values[f.name] = type(current)(raw)
    return DeskSettings(**values)


desk_settings = load()
