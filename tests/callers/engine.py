"""Play caller scripts against a running assistant and judge them by their outcomes only.

What a caller or the centre would notice: the order in dispatch and its fields, an emergency
(a P0 order, or the hand-over with reason ``emergency`` when nobody is identified), a hand-over
within so many turns, personal data heard before the caller proved who they are, and a reply
to every turn. Wording is never compared.
"""
from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx

from tests.callers import spoken_check
from tests.callers.evidence import leaked, notifications_of, order_by_id, order_matches, orders_of
from tests.callers.people import Person, Roster, load_people, open_chat, stranger_phone
from tests.callers.scripts import Script

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")  # {phone_groups}; other braces are the caller's own text
NOTIFIED_WORDS = ("联系人", "家属", "家人", "女儿", "儿子", "亲属")


@dataclass
class TurnLog:
    said: str
    status: int = 0
    text: str = ""
    customs: List[dict] = field(default_factory=list)
    buttons: int = 0
    error: str = ""
    seconds: float = 0.0
    over_form: str = ""  # why this answer breaks the spoken-form limits, if it does
    other_form: str = ""  # the product's other spoken-form kinds (long sentence, document title)
    messages: List[dict] = field(default_factory=list)  # Rasa's answer as sent, for a recount


@dataclass
class Result:
    script: Script
    failures: List[Tuple[str, str]] = field(default_factory=list)  # (turn "3" or "end", what went wrong)
    log: List[TurnLog] = field(default_factory=list)
    emergency_raised: Optional[bool] = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def failed_turn(self) -> Optional[str]:
        return self.failures[0][0] if self.failures else None

    def report(self) -> str:
        lines = [f"{self.script.id} ({self.script.channel}, {self.script.who}):"]
        lines += [f"  turn {t}: {why}" for t, why in self.failures]
        for n, turn in enumerate(self.log, 1):
            customs = f" {json.dumps(turn.customs, ensure_ascii=False)}" if turn.customs else ""
            lines.append(f"  {n}> {turn.said[:80]}\n  {n}< [{turn.status}] {turn.text[:160]}{customs}")
        return "\n".join(lines)


class Conversation:
    """One script being played: the chat, the elder it is about and what dispatch held before."""

    def __init__(self, stack, script: Script, person: Optional[Person], caller_number: str):
        self.stack, self.script, self.person = stack, script, person
        self.words = dict(person.words()) if person else {}
        self.words["caller_number"] = caller_number
        self.before = {o["order_id"] for o in orders_of(stack, person.elder_id)} if person else set()
        self.chat = open_chat(stack, script.channel, person, script.who, caller_number)
        self.result = Result(script)

    def new_orders(self) -> List[dict]:
        if not self.person:
            return []
        return [o for o in orders_of(self.stack, self.person.elder_id) if o["order_id"] not in self.before]

    def payload_orders(self) -> List[dict]:
        """Orders named in hand-over / confirmation payloads (how an anonymous order is found)."""
        ids = {c.get("order_id") for t in self.result.log for c in t.customs if c.get("order_id")}
        return [o for o in (order_by_id(self.stack, str(i)) for i in ids) if o]

    def emergency_orders(self) -> List[dict]:
        found = {o["order_id"]: o for o in self.new_orders() + self.payload_orders()
                 if o.get("type") == "emergency" and o.get("priority") == "P0"}
        return list(found.values())

    def emergency_raised(self) -> bool:
        by_payload = any(_reason(c) == "emergency" for t in self.result.log for c in t.customs)
        return by_payload or bool(self.emergency_orders())

    def handed_over_at(self) -> Optional[int]:
        for n, turn in enumerate(self.result.log, 1):
            if any(_human(c) for c in turn.customs):
                return n
        if any("call" in o.get("type", "") for o in self.new_orders()):  # a call-back order is a human too
            return len(self.result.log)
        return None

    # -- playing --

    def say(self, line: str) -> TurnLog:
        text = PLACEHOLDER.sub(lambda m: self.words.get(m.group(1), m.group(0)), line)
        log = TurnLog(said=text)
        start = time.monotonic()
        try:
            self.chat.say(text)
            log.status = 200
            log.text = self.chat.text.strip()
            log.customs = [m["custom"] for m in self.chat.last if isinstance(m.get("custom"), dict)]
            log.messages = list(self.chat.last)
            log.buttons = sum(len(m.get("buttons") or []) for m in self.chat.last)
            if log.text:
                log.over_form = spoken_check.over_limits(self.chat.last)
                log.other_form = spoken_check.other_problems(self.chat.last)
        except httpx.HTTPStatusError as exc:
            log.status, log.error = exc.response.status_code, exc.response.text[:200]
        except httpx.HTTPError as exc:
            log.error = f"{type(exc).__name__}: {exc}"
        log.seconds = time.monotonic() - start
        return log

    def play(self) -> Result:
        start = time.monotonic()
        result, fail = self.result, self.result.failures
        for n, turn in enumerate(self.script.turns, 1):
            log = self.say(turn.say)
            result.log.append(log)
            if log.status != 200:
                fail.append((str(n), f"HTTP {log.status or 'error'} {log.error}"))
                break
            if not log.text and not log.customs:
                fail.append((str(n), "no reply at all"))
            self.check_turn(n, turn, log)
            handover = any(_human(c) for c in log.customs)
            if handover and not any(_reason(c) == "emergency" for c in log.customs) \
                    and not self.script.expect.get("keep_talking"):
                break  # the caller is with a person now; later lines were meant for the assistant
        if not any(t == "1" and "HTTP" in why for t, why in fail):
            self.check_outcome()
        result.seconds = time.monotonic() - start
        return result

    def check_turn(self, n: int, turn, log: TurnLog) -> None:
        fail = self.result.failures
        want = turn.expect
        if "handover" in want and bool(any(c.get("handover") for c in log.customs)) != bool(want["handover"]):
            fail.append((str(n), f"hand-over expected {want['handover']}"))
        if "emergency" in want:
            raised = any(_reason(c) == "emergency" for c in log.customs) or bool(self.emergency_orders())
            if raised != bool(want["emergency"]):
                fail.append((str(n), "emergency raised" if raised else "emergency not raised"))

    def check_outcome(self) -> None:
        want, fail, log = self.script.expect, self.result.failures, self.result.log
        said_so_far = ""
        verified_at = next((n for n, t in enumerate(self.script.turns, 1) if t.verifies), None)
        # Someone the channel does not vouch for (a relative, a stranger, typed text) hears nothing
        # personal before the last four; an elder named by caller ID / device / login may.
        anonymous = self.script.who in ("relative", "nobody") or self.script.channel == "rest"
        if want.get("private", anonymous) and self.person:
            for n, turn in enumerate(log, 1):
                if verified_at and n >= verified_at:
                    break
                said_so_far += turn.said
                marks = leaked(self.person, turn.text, said_so_far)
                if marks:
                    fail.append((str(n), f"personal data before verification: {marks}"))
                    break
        new = self.new_orders()
        for spec in _as_list(want.get("order")):
            of_type = [o for o in new + self.payload_orders() if o.get("type") == spec["type"]]
            of_type = list({o["order_id"]: o for o in of_type}.values())
            if len(of_type) != 1:
                fail.append(("end", f"{len(of_type)} new {spec['type']} orders, expected 1"))
                continue
            problems = order_matches(spec, of_type[0])
            if problems:
                fail.append(("end", f"{spec['type']} order: " + "; ".join(problems)))
        if "application" in want:
            self.check_application(want["application"])
        no_order = want.get("no_order")
        if no_order:
            types = None if no_order is True else set(_as_list(no_order))
            # a call-back request is the truthful hand-over, not a booking
            wrong = [o for o in new if o.get("type") in types] if types else \
                [o for o in new if o.get("type") != "callback"]
            if wrong:
                fail.append(("end", f"unexpected orders: {[(o['type'], o.get('details')) for o in wrong]}"))
        self.result.emergency_raised = self.emergency_raised()
        if "emergency" in want and self.result.emergency_raised != bool(want["emergency"]):
            fail.append(("end", "false emergency raised" if self.result.emergency_raised else "emergency missed"))
        at = self.handed_over_at()
        if "handover_within" in want and (at is None or at > int(want["handover_within"])):
            fail.append(("end", f"no hand-over within {want['handover_within']} turns (at {at})"))
        if want.get("hears_private") and self.person and not any(
                leaked(self.person, t.text, "") for t in log):
            fail.append(("end", "the verified caller never heard their own record"))
        if want.get("no_handover") and at is not None:
            fail.append((str(at), "handed over though the assistant could help"))
        if "location" in want:
            self.check_location(str(want["location"]))
        if want.get("truthful_notify"):
            self.check_truthful_notify()
        if want.get("notification_private") and self.person:
            for order in self.emergency_orders():
                for note in notifications_of(self.stack, order["order_id"]):
                    marks = leaked(self.person, note.get("message", ""), "")
                    if marks:
                        fail.append(("end", f"notification to {note.get('to_name')} carries {marks}"))

    def check_application(self, spec: Any) -> None:
        """An elder-card application in records, found by the application_id the answer carried."""
        ids = {str(c["application_id"]) for t in self.result.log for c in t.customs if c.get("application_id")}
        if spec is False:
            if ids:
                self.result.failures.append(("end", f"an application was filed: {sorted(ids)}"))
            return
        if len(ids) != 1:
            self.result.failures.append(("end", f"{len(ids)} applications filed, expected 1"))
            return
        response = self.stack.api("records", "GET", f"/records/v1/elder-card-applications/{ids.pop()}")
        if response.status_code != 200:
            self.result.failures.append(("end", f"application not in records (HTTP {response.status_code})"))
            return
        problems = order_matches(spec if isinstance(spec, dict) else {}, response.json())
        if problems:
            self.result.failures.append(("end", "application: " + "; ".join(problems)))

    def check_location(self, fragment: str) -> None:
        carried = [json.dumps(o.get("details"), ensure_ascii=False) for o in self.emergency_orders()]
        carried += [json.dumps(c, ensure_ascii=False) for t in self.result.log for c in t.customs]
        if not any(fragment in text for text in carried):
            self.result.failures.append(("end", f"the location {fragment!r} reached neither the order nor the hand-over"))

    def check_truthful_notify(self) -> None:
        claimed = [n for n, t in enumerate(self.result.log, 1)
                   if "通知" in t.text and any(w in t.text for w in NOTIFIED_WORDS)]
        if not claimed:
            return
        sent = any(notifications_of(self.stack, o["order_id"]) for o in self.emergency_orders())
        if not sent:
            self.result.failures.append((str(claimed[0]), "told a relative was notified, but nothing was sent"))


def _human(custom: dict) -> bool:
    """A person takes over: the hand-over itself, or (no operator free) a booked call-back."""
    return bool(custom.get("handover") or custom.get("callback"))


def _reason(custom: dict) -> Optional[str]:
    handover = custom.get("handover")
    if isinstance(handover, dict):
        return handover.get("reason")
    return custom.get("reason") if handover else None


def _as_list(value: Any) -> List[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class Suite:
    """Every script against one stack: elders handed out once, scripts of one elder one after another."""

    def __init__(self, stack, scripts: List[Script]):
        self.stack = stack
        self.scripts = scripts
        self.people = load_people(Path(stack.var) / "12349.db")
        from tests.support import stack as stack_module  # which speakers the stack can sign for
        roster = Roster(self.people, getattr(stack_module, "SPEAKER_SECRETS", None))
        taken = {p.phone for p in self.people.values()}
        self.cast: Dict[str, Tuple[Optional[Person], str]] = {
            s.id: (roster.pick(s.about or s.who, s.channel) if s.about else roster.pick(s.who, s.channel),
                   stranger_phone(s.id, taken)) for s in scripts}

    def run_one(self, script: Script) -> Result:
        person, number = self.cast[script.id]
        try:
            return Conversation(self.stack, script, person, number).play()
        except Exception as exc:  # noqa: BLE001 - one broken conversation must not stop the suite
            result = Result(script)
            result.failures.append(("?", f"runner error {type(exc).__name__}: {exc}"))
            return result

    def run(self, only: Optional[List[str]] = None, workers: int = 3,
            progress: Optional[Callable[[Result], None]] = None) -> Dict[str, Result]:
        chosen = [s for s in self.scripts if only is None or s.id in only]
        lanes: Dict[str, List[Script]] = defaultdict(list)
        for script in chosen:
            person = self.cast[script.id][0]
            lanes[person.elder_id if person else script.id].append(script)
        results: Dict[str, Result] = {}

        def lane(scripts: List[Script]) -> None:
            for script in scripts:
                results[script.id] = self.run_one(script)
                if progress:
                    progress(results[script.id])

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lane, lanes.values()))
        return results
