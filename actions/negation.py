"""A value the caller said they do NOT want never fills a slot.

Elderly callers correct themselves by negating: 不要上午，要下午 / 不是明天，是后天 /
不要两份，一份就够 / 不是江岸区，是江汉区. The entity extractors find every value in
such a sentence, negated or not, so this module decides which mentions count.
It is the one place for that rule; every form's validation uses it
(``DropNegatedValues``), and so do the helpers that read values out of free
text (``actions.slots.date_slot``, ``actions.slots.district_of``).

The rule:

- A mention is negated when a negation word stands right before it in the same
  clause: 不要 / 不用 / 不是 / 不需要 / 不想(要) / 不必 / 别 / 甭, optionally with
  one or two short linking words (不要订上午, 别给我送到家里, 不是要明天), or
  没有 with nothing in between (没有低盐的).
  要不要 / 是不是 / 用不用 ask a question and negate nothing; 特别 / 区别 are not 别.
- Or when a refusal follows it and ends the clause: 上午不行, 明天不方便,
  两份不对, 午饭不要了.
- A clause boundary (，。！？；、) ends a negation: in 不是，我们住江岸区 and in
  不要上午，要下午 the value after the comma is wanted.
- Only words outside the mention count: 不要太咸, 不放糖 and 没有要求 are diets,
  not negated diets.
- Of the mentions of one entity, the last one not negated wins (as Rasa's
  from_entity mapping and ``parse_date`` already take the last one); when every
  mention is negated the slot is left empty, so the form asks again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.dates import expression_spans
from actions.words.vocabulary import CLAUSE_BOUNDARY as _BOUNDARY, NEGATION_BEFORE as _BEFORE, REFUSAL_AFTER as _AFTER


@dataclass(frozen=True)
class Mention:
    """One value the caller said: the entity's (canonical) value, the words said, and whether they negated it."""

    value: Any
    said: Text
    negated: bool
    cue: Text = ""


def negation_before(text: Text, start: int) -> Optional[Text]:
    """The negation words right before ``text[start:]`` in its clause, or None."""
    clause = _BOUNDARY.split(text[:start])[-1]
    found = _BEFORE.search("".join(clause.split()))
    return found.group() if found else None


def refusal_after(text: Text, end: int) -> Optional[Text]:
    """A refusal right after ``text[:end]`` that ends its clause (上午不行), or None."""
    found = _AFTER.search("".join(text[end:].split()))
    return found.group() if found else None


def is_negated(text: Text, start: int, end: int) -> bool:
    return bool(negation_before(text, start) or refusal_after(text, end))


def mention(text: Text, start: int, end: int, value: Any = None) -> Mention:
    cue = negation_before(text, start)
    negated = bool(cue or refusal_after(text, end))
    return Mention(text[start:end] if value is None else value, text[start:end], negated, cue or "")


def chosen(mentions: Sequence[Mention]) -> Optional[Mention]:
    """The mention that fills the slot: the last one not negated (None if all are)."""
    wanted = [m for m in mentions if not m.negated]
    return wanted[-1] if wanted else None


def strike_negated(text: Text, spans: Iterable[Tuple[int, int]]) -> Text:
    """``text`` with every negated span blanked out, so a parser sees only the wanted values."""
    chars = list(text)
    for start, end in spans:
        if is_negated(text, start, end):
            chars[start:end] = "_" * (end - start)
    return "".join(chars)


def without_negated_days(text: Text) -> Text:
    """The text for ``parse_date`` with the negated day and time expressions blanked (不是明天，是后天 → 后天)."""
    normalised, spans = expression_spans(text)
    return strike_negated(normalised, spans)


# --- the latest message -------------------------------------------------------

def mentions(tracker: Tracker, entity: Text) -> List[Mention]:
    """Every mention of ``entity`` in the latest message, in the order said."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    found: List[Tuple[int, Mention]] = []
    for e in message.get("entities") or []:
        if e.get("entity") != entity:
            continue
        start, end = e.get("start"), e.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            found.append((start, mention(text, start, end, e.get("value"))))
        else:  # where it was said is unknown: nothing to judge, the value stands
            found.append((found[-1][0] if found else 0, Mention(e.get("value"), str(e.get("value")), False)))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]


def only_negated(tracker: Tracker, entity: Text) -> List[Mention]:
    """The negated mentions of ``entity`` when the latest message negated it and named no wanted value."""
    said = mentions(tracker, entity)
    return said if said and chosen(said) is None else []


def entity_of(slot: Text, domain: Dict[Text, Any]) -> Optional[Text]:
    """The entity a slot is filled from (its first from_entity mapping in the domain)."""
    for mapping in ((domain.get("slots") or {}).get(slot) or {}).get("mappings") or []:
        if mapping.get("type") == "from_entity":
            return mapping.get("entity")
    return None


class DropNegatedValues:
    """Mixin for a FormValidationAction: the slot extraction step of the form drops negated values.

    Rasa's from_entity mapping has already put a candidate into each slot the
    message named. Where the caller negated a mention of that entity, the
    candidate is replaced by the last wanted value, or, when every mention was
    negated, the slot is emptied (and is not validated: there is nothing to
    check) so the form asks for it again. The form's own ``extract_<slot>``
    methods run after this and may refine the value (a spoken date → ISO).
    """

    async def run(self, dispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        emptied = self._drop_negated_candidates(tracker, domain)
        events = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        set_again = {e.get("name") for e in events if e.get("event") == "slot"}
        return [SlotSet(slot, None) for slot in emptied if slot not in set_again] + events

    def _drop_negated_candidates(self, tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        candidates = tracker.slots_to_validate()
        replaced: Dict[Text, Any] = {}
        emptied: List[Text] = []
        for slot, value in candidates.items():
            entity = entity_of(slot, domain)
            said = mentions(tracker, entity) if entity else []
            if not any(m.negated for m in said):
                continue
            wanted = chosen(said)
            if wanted is None:
                emptied.append(slot)
            elif wanted.value != value:
                replaced[slot] = wanted.value
        if not (replaced or emptied):
            return []
        # The candidates are the trailing slot events; rewrite them in place.
        split = len(tracker.events) - _trailing_slot_events(tracker.events)
        head, tail = tracker.events[:split], tracker.events[split:]
        kept = []
        for event in tail:
            name = event.get("name")
            if name in emptied:
                continue
            kept.append({**event, "value": replaced[name]} if name in replaced else event)
        tracker.events[:] = head + kept
        for slot in emptied:
            tracker.slots[slot] = None
        tracker.slots.update(replaced)
        return emptied


def _trailing_slot_events(events: List[Dict[Text, Any]]) -> int:
    count = 0
    for event in reversed(events):
        if event.get("event") != "slot":
            break
        count += 1
    return count
