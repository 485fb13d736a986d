"""Call windows: the earliest moment at or after ``t`` when an elder may be called.

A window opens each day at the plan's call_time (China time) and lasts policy.window;
quiet hours (which may run over midnight) are never called into.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from services.common.city import TZ

_SEARCH_DAYS = 8


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def in_quiet(local: datetime, quiet_start: str, quiet_end: str) -> bool:
    start, end, now = _clock(quiet_start), _clock(quiet_end), local.time()
    if start == end:
        return False
    return start <= now < end if start < end else (now >= start or now < end)


def _quiet_end_after(local: datetime, quiet_end: str) -> datetime:
    end = datetime.combine(local.date(), _clock(quiet_end), TZ)
    return end if end > local else end + timedelta(days=1)


def next_call_time(t: datetime, call_time: str, window: timedelta, quiet_start: str, quiet_end: str) -> datetime:
    """The first instant ≥ t inside a call window and outside quiet hours (UTC-aware in, same zone out)."""
    local = t.astimezone(TZ)
    for day in range(_SEARCH_DAYS):
        opens = datetime.combine(local.date() + timedelta(days=day), _clock(call_time), TZ)
        closes = opens + window
        moment = max(opens, local)
        while moment < closes:
            if not in_quiet(moment, quiet_start, quiet_end):
                return moment.astimezone(t.tzinfo)
            moment = _quiet_end_after(moment, quiet_end)
    raise ValueError(f"no call window within {_SEARCH_DAYS} days (call_time {call_time} lies in quiet hours)")


def in_window(t: datetime, call_time: str, window: timedelta, quiet_start: str, quiet_end: str) -> bool:
    return next_call_time(t, call_time, window, quiet_start, quiet_end) == t
