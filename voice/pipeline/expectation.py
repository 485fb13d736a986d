"""The last question's ``expect`` payload as the recogniser and the keypad use it.

voice/expect (issue 14) reads the payload and maps keys; voice/asr engines may take ``expect=`` to
score the expected answers. Both are optional here: without them the payload is kept as a dict,
recognition is free and a key pressed at a choice is sent as the digit.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

try:
    from ..expect import key_to_text as _key_to_text
    from ..expect import parse as _parse
except ImportError:  # voice/expect not there: the plain behaviour
    _parse = _key_to_text = None

NUMBER_KINDS = ("phone", "id_last4", "id_number")  # typed digits ended by #, not one key


def parse(payload: dict | None) -> Any:
    """What the engines and the keypad receive: voice.expect.Expect when available, else the dict."""
    if payload is None:
        return None
    return _parse(payload) if _parse else payload


def kind(expect: Any) -> str | None:
    if expect is None:
        return None
    return expect.get("kind") if isinstance(expect, dict) else getattr(expect, "kind", None)


def key_answer(expect: Any, digits: str) -> str | None:
    """The words a caller answering with these keys would have said; None: the keys answer nothing."""
    if expect is None:
        return None
    if _key_to_text is not None and not isinstance(expect, dict):
        return _key_to_text(expect, digits)
    # without voice/expect: a choice offered by keys (按1…) is answered by the digit itself
    return digits if kind(expect) == "options" and len(digits) == 1 else None


def takes_expect(fn: Callable) -> bool:
    """Whether an engine method accepts ``expect=`` (engines gain it one by one)."""
    try:
        return "expect" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
