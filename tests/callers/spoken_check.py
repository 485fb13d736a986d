"""Is one assistant turn over the spoken-form limits (more than 2 sentences, more than 3 options)?

Uses the product's own check (assistant/spoken_form.py ``turn_problems``) when it is there, so
the suite and CI count alike; otherwise counts sentences by 。！？ and options by quick replies
or a list joined with 、/还是/或者. Only sentence and option problems count as "over the limits";
the product's other kinds (long sentence, document title) are reported beside them.
"""
from __future__ import annotations

import re
from typing import List, Tuple

MAX_SENTENCES, MAX_OPTIONS = 2, 3
LIMIT_KINDS = ("sentences", "options")

try:
    from assistant.spoken_form import turn_problems as _turn_problems
except Exception:  # noqa: BLE001 - absent or broken: count ourselves
    _turn_problems = None

SOURCE = "assistant/spoken_form.py turn_problems" if _turn_problems else "own count (。！？ sentences, buttons/、 options)"


def _own(messages: List[dict]) -> List[Tuple[str, str]]:
    text = "\n".join(str(m.get("text") or "") for m in messages)
    buttons = sum(len(m.get("buttons") or []) for m in messages)
    sentences = [s for s in re.split(r"[。！？!?\n]+", text) if s.strip(" ，,…")]
    listed = max((len(re.split(r"、|还是|或者", s)) for s in sentences), default=0)
    options = max(buttons, listed if listed > 2 else 0)
    found = []
    if len(sentences) > MAX_SENTENCES:
        found.append(("sentences", f"{len(sentences)} sentences"))
    if options > MAX_OPTIONS:
        found.append(("options", f"{options} options"))
    return found


def problems(messages: List[dict]) -> List[Tuple[str, str]]:
    """(kind, detail) for everything the turn breaks."""
    if _turn_problems is not None:
        try:
            return [(p.kind, p.detail) for p in _turn_problems(messages)]
        except Exception:  # noqa: BLE001 - a changed signature must not stop the suite
            pass
    return _own(messages)


def over_limits(messages: List[dict]) -> str:
    """Empty when the turn keeps to ≤ 2 sentences and ≤ 3 options, else what is over."""
    return ", ".join(detail for kind, detail in problems(messages) if kind in LIMIT_KINDS)


def other_problems(messages: List[dict]) -> str:
    return ", ".join(f"{kind}" for kind, _ in problems(messages) if kind not in LIMIT_KINDS)
