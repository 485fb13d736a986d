"""Who calls in a caller script: the seeded elders, and how a channel says who the caller is.

The elders are read from the stack's own seeded SQLite database (read-only), so a script can
say the phone or the last four of an elder nobody else's test uses. `open_chat` is the one
place that knows how a channel asserts identity: when identity becomes signed, only it changes.
"""
from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, List, Optional

DEMO_IDS = {"demo": "10000001", "demo2": "10000002", "demo3": "10000003"}
_SPOKEN = dict(zip("0123456789", "零幺二三四五六七八九"))
_PLAIN = dict(zip("0123456789", "零一二三四五六七八九"))


@dataclass
class Person:
    """One seeded elder and what a caller might say or must not hear about them."""

    elder_id: str
    name: str
    phone: str
    district: str
    address: str
    id_number: str
    login: Optional[str] = None
    devices: List[str] = field(default_factory=list)
    amounts: List[int] = field(default_factory=list)  # allowance yuan per month
    contact_phone: str = ""

    @property
    def last4(self) -> str:
        return self.id_number[-4:]

    def words(self) -> Dict[str, str]:
        """Placeholders a caller line may use: {phone_groups}, {last4_spoken} ..."""
        phone = self.phone
        return {
            "elder_id": self.elder_id, "name": self.name, "surname": self.name[0], "district": self.district,
            "phone": phone, "phone_spoken": spoken(phone),
            "phone_groups": "，".join(spoken(g) for g in (phone[:3], phone[3:7], phone[7:])),
            "phone_mixed": phone[:3] + " " + spoken(phone[3:7]) + " " + phone[7:],
            "last4": self.last4, "last4_spoken": spoken(self.last4, plain=True),
            "wrong4": wrong_last4(self.last4), "id_number": self.id_number,
            "id_spoken": spoken(self.id_number, plain=True).replace("X", "叉").replace("x", "叉"),
            "address": self.address,
        }


def spoken(digits: str, plain: bool = False) -> str:
    table = _PLAIN if plain else _SPOKEN
    return "".join(table.get(ch, ch) for ch in digits)


def wrong_last4(last4: str) -> str:
    return "".join(str((int(ch) + 3) % 10) if ch.isdigit() else "7" for ch in last4)


def load_people(db_path) -> Dict[str, Person]:
    """Every elder in the seeded database, by elder_id."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = con.execute("select elder_id, name, phone, district, address, id_number, login, contact_phone "
                           "from elders").fetchall()
        people = {r[0]: Person(*r[:7], contact_phone=r[7] or "") for r in rows}
        for device_id, elder_id in con.execute("select device_id, elder_id from devices"):
            if elder_id in people:
                people[elder_id].devices.append(device_id)
        for elder_id, amount in con.execute("select elder_id, amount_yuan from allowances"):
            if elder_id in people:
                people[elder_id].amounts.append(int(amount))
    finally:
        con.close()
    return people


class Roster:
    """Hands each script an elder of its own where it can, so orders never mix between scripts."""

    def __init__(self, people: Dict[str, Person], speakers: Optional[set] = None):
        """speakers: the devices the test stack holds a secret for (None: every seeded one)."""
        self.people = people
        if speakers is not None:
            for p in people.values():
                p.devices = [d for d in p.devices if d in speakers]
        phones: Dict[str, int] = {}
        for p in people.values():
            phones[p.phone] = phones.get(p.phone, 0) + 1
        everyone = sorted(people.values(), key=lambda p: p.elder_id)
        pool = [p for p in everyone if p.elder_id not in DEMO_IDS.values()]
        # a mobile nobody else shares, so caller ID and a spoken phone find exactly this elder
        self.pools = {
            "hotline": [p for p in pool if p.phone.startswith("1") and len(p.phone) == 11 and phones[p.phone] == 1],
            # a signed speaker needs its own secret: where only the demo ones have one, they take every call
            "speaker": [p for p in pool if p.devices and phones[p.phone] == 1] or [p for p in everyone if p.devices],
            "widget": [p for p in pool if p.login and phones[p.phone] == 1],
        }
        self.pools["rest"] = self.pools["hotline"]
        self.next = {k: 0 for k in self.pools}

    def pick(self, who: str, channel: str) -> Optional[Person]:
        if who in DEMO_IDS:
            return self.people[DEMO_IDS[who]]
        if who == "nobody":
            return None
        kind = channel if who == "elder" else "rest"  # a relative names a parent with a phone of their own
        pool = self.pools[kind]
        person = pool[self.next[kind] % len(pool)]
        self.next[kind] += 1
        return person


def stranger_phone(seed: str, taken) -> str:
    """A mobile number that belongs to no seeded elder (a relative's, a passer-by's)."""
    rng = random.Random(seed)
    while True:
        number = "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))
        if number not in taken:
            return number


def open_chat(stack, channel: str, person: Optional[Person], who: str, caller_number: str):
    """A conversation whose channel asserts the caller the script plays.

    who == "elder"/"demo*": the channel itself identifies the elder (caller ID, speaker device,
    widget login); on the REST channel nobody is identified. Relatives and strangers ring from
    their own number. Identity signing lives in tests/support/stack.py's ``chat``.
    """
    identified = who == "elder" or who in DEMO_IDS
    if channel == "hotline":
        number = person.phone if identified and person else caller_number
        return stack.chat(channel="hotline", caller_id=number)
    if channel == "speaker" and identified and person and person.devices:
        return stack.chat(channel="speaker", device_id=person.devices[0])
    if channel == "widget" and identified and person and person.login:
        return stack.chat(channel="widget", login=person.login)
    if channel in ("speaker", "widget"):
        return stack.chat(channel=channel)
    return stack.chat()
