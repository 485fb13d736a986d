"""Turning what callers say into slot values the services accept."""
from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Dict, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common, negation
from actions.words import vocabulary
from actions.dates import parse_date
from assistant.zh_text import chinese_to_int, normalize_utterance, spoken_digits_to_arabic

# Dispatch books meals and visits from today to this many days ahead (China time; docs/CONTRACT.md).
BOOKING_DAYS = 60
log = logging.getLogger(__name__)
_DIGIT = vocabulary.DIGIT_CHARS
_BETWEEN_GROUPS = re.compile(rf"(?<=[{_DIGIT}]){vocabulary.GROUP_SEPARATORS}(?=[{_DIGIT}])")


def date_slot(tracker: Tracker) -> Dict[Text, Any]:
    """Date (ISO) and time of day from the latest message, leaving out what the caller negated."""
    found = parse_date(negation.without_negated_days(common.user_text(tracker)), common.today())
    if not found:
        return {}
    slots: Dict[Text, Any] = {"date": found.iso} if found.day_said else {}
    if found.time_of_day:
        slots["time_of_day"] = found.time_of_day
    return slots


def normalise_count(value: Any) -> Optional[int]:
    """两份 / 2份 / 三 / 2.0 → an integer count."""
    if isinstance(value, (int, float)):
        return int(value)
    text = vocabulary.COUNT_UNITS.sub("", str(value or "")).strip()
    return chinese_to_int(text)


def one_of(value: Any, allowed: Sequence[Text]) -> Optional[Text]:
    """The allowed canonical value the caller's words contain, else None (ask again)."""
    text = str(value or "")
    for choice in allowed:
        if choice in text:
            return choice
    return None


def digits_in(text: Text) -> Text:
    """All digits (and a final X) of an utterance, spoken or written: 幺三八… → 138…; groups said
    apart (幺三八，零零幺三，八零零零 / 138 0013 8000) are one number."""
    spoken = spoken_digits_to_arabic(_BETWEEN_GROUPS.sub("", normalize_utterance(text)))
    return "".join(ch for ch in spoken.upper() if ch.isdigit() or ch == "X")


def order_date(value: Any) -> Optional[date]:
    """An ISO date slot, or a spoken one, as a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        found = parse_date(str(value), common.today())
        return found.date if found else None


def future_date(value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """Validate a booking date when it is said: understood, not past, and inside the window dispatch
    books (today … BOOKING_DAYS ahead), so 明年三月五号 is refused at once rather than at the end."""
    day = order_date(value)
    if day is None:
        dispatcher.utter_message(response="utter_date_unclear")
        return {"date": None}
    if day < common.today():
        dispatcher.utter_message(response="utter_date_past")
        return {"date": None}
    if day > common.today() + timedelta(days=BOOKING_DAYS):
        dispatcher.utter_message(response="utter_date_too_far")
        return {"date": None}
    return {"date": day.isoformat()}



@lru_cache(maxsize=1)
def districts() -> Tuple[Text, ...]:
    """The deployment city's district names, from its city pack (services/cities/): one list to edit."""
    try:
        from services.common import city

        return tuple(city.current().districts)
    except (ImportError, ValueError, OSError) as error:  # no pack: districts are asked again
        log.warning("no city pack for district names: %s", error)
        return ()


def _short(name: Text) -> Optional[Text]:
    """江岸区 → 江岸, 南城街道 → 南城: the name without its suffix, when two characters are left."""
    return next((name[:-len(s)] for s in vocabulary.DISTRICT_SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2),
                None)


@lru_cache(maxsize=1)
def _district_words() -> Tuple[Dict[Text, Text], Optional["re.Pattern[str]"]]:
    """Every way a district is said (江岸区, 江岸) → its full name, and a pattern finding them, longest first."""
    words = {_short(name): name for name in districts() if _short(name)} | {name: name for name in districts()}
    pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None
    return words, pattern


def district_of(text: Text) -> Optional[Text]:
    """The full district name a caller's words point at (江岸 → 江岸区); of several, the one
    the caller wants (不是江岸区，是江汉区 → 江汉区)."""
    words, pattern = _district_words()
    if pattern is None:
        return None
    said = [negation.mention(text, m.start(), m.end(), words[m.group()]) for m in pattern.finditer(text)]
    wanted = negation.chosen(said)
    return wanted.value if wanted else None
