"""Caller scripts as data: tests/callers/scripts/*.yml, one group per file.

A file is either conversations::

    group: meals
    defaults: {channel: hotline, who: elder}      # optional
    scripts:
      - name: lunch_for_two_delivered
        channel: hotline                          # hotline | speaker | widget | rest
        who: elder                                # elder (the channel names them) | demo | demo2 | demo3
                                                  # | relative (rings from own number about a parent) | nobody
        about: demo2                              # a relative's parent, when the script needs a known one
        turns:
          - 俺想订明天晌午的饭
          - say: 俩份                              # a turn with checks of its own
            expect: {handover: false}
          - say: "{last4_spoken}"                  # placeholders: tests/callers/people.py Person.words
            verifies: true                        # personal data may be heard from this answer on
        expect:                                   # outcome checks, see engine.py OUTCOME_CHECKS
          order: {type: meal, date: +1, meal: 午餐, portions: 2}

or a set of single utterances (the emergency sets)::

    group: emergency_true
    expect: {emergency: true}
    items:
      - {say: 哎哟摔倒了起不来, channel: speaker}
      - {before: [我想订明天的午饭], say: 救命啊, channel: hotline, who: elder}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

HERE = Path(__file__).resolve().parent
SCRIPT_DIR = HERE / "scripts"
KNOWN_FAILURES = HERE / "known_failures.txt"
CHANNELS = ("hotline", "speaker", "widget", "rest")
WHO = ("elder", "demo", "demo2", "demo3", "relative", "nobody")


@dataclass
class Turn:
    say: str
    expect: Dict[str, Any] = field(default_factory=dict)
    verifies: bool = False


@dataclass
class Script:
    group: str
    name: str
    channel: str
    who: str
    turns: List[Turn]
    expect: Dict[str, Any]
    note: str = ""
    about: str = ""  # a relative's parent: demo | demo2 | demo3 (default: a seeded elder of its own)

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"


def _turn(raw: Any) -> Turn:
    if not isinstance(raw, dict):
        return Turn(str(raw))
    return Turn(str(raw["say"]), dict(raw.get("expect") or {}), bool(raw.get("verifies", False)))


def _script(group: str, raw: Dict[str, Any], defaults: Dict[str, Any]) -> Script:
    merged = {**defaults, **raw}
    script = Script(group=group, name=str(merged["name"]), channel=merged.get("channel", "hotline"),
                    who=merged.get("who", "elder"), turns=[_turn(t) for t in merged["turns"]],
                    expect={**(defaults.get("expect") or {}), **(raw.get("expect") or {})},
                    note=merged.get("note", ""), about=merged.get("about", ""))
    if script.channel not in CHANNELS or script.who not in WHO or not script.turns:
        raise ValueError(f"{script.id}: bad channel/who or no turns")
    return script


def _items(group: str, data: Dict[str, Any]) -> List[Script]:
    """An utterance set: each item is a conversation of its own, named by its position."""
    defaults = data.get("defaults") or {}
    scripts = []
    for n, item in enumerate(data["items"], 1):
        turns = list(item.get("before") or []) + [item["say"]] + list(item.get("after") or [])
        raw = {"name": f"{n:03d}", "turns": turns, **{k: item[k] for k in ("channel", "who", "note", "about") if k in item}}
        raw["expect"] = {**(data.get("expect") or {}), **(item.get("expect") or {})}
        scripts.append(_script(group, raw, defaults))
    return scripts


def load_file(path: Path) -> List[Script]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    group = data["group"]
    if "items" in data:
        return _items(group, data)
    defaults = data.get("defaults") or {}
    return [_script(group, raw, defaults) for raw in data["scripts"]]


def load_all(directory: Path = SCRIPT_DIR) -> List[Script]:
    scripts: List[Script] = []
    for path in sorted(directory.glob("*.yml")):
        scripts += load_file(path)
    ids = [s.id for s in scripts]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate script ids: {sorted(duplicates)}")
    return scripts


def known_failures(path: Path = KNOWN_FAILURES) -> Dict[str, str]:
    """Script id → reason, from lines ``group/name  reason`` (# comments allowed)."""
    known: Dict[str, str] = {}
    if not path.exists():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            script_id, _, reason = line.partition(" ")
            known[script_id] = reason.strip() or "known failure"
    return known


def group_of(script_id: str) -> Optional[str]:
    return script_id.split("/", 1)[0] if "/" in script_id else None
