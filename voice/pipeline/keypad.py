"""The phone keypad as an equal way to answer: 0 a human from anywhere, * repeat (Rasa decides),
one key for a choice the last question offered (``expect``), typed numbers ended by #."""
from __future__ import annotations

from . import expectation
from .machine import State

REPEAT = "/repeat"


class Keypad:
    def feed_key(self, digit: str) -> None:
        """Phone keypad: 0 reaches a human from anywhere; ``*`` asks Rasa to repeat; a key answers a choice
        the last question offered (expect); typed numbers are a turn when # ends them."""
        if self.state == State.ENDED or self._locked:
            return
        if self.keypad and digit in "123456789" and not self._digits \
                and expectation.kind(self.expect) not in (None, *expectation.NUMBER_KINDS):
            text = expectation.key_answer(self.expect, digit)
            if text:
                self._key_turn(text)
                return
        if digit == "0" and not self._digits:
            self._take_turn()
            if self.state == State.IDLE:
                self._fire("wake")
            self._spawn(self._hand_over("dtmf"))
            return
        if not self.keypad or self.state == State.IDLE:
            return
        if digit == "*":
            self._digits = ""
            self._key_turn(REPEAT)
        elif digit == "#":
            typed, self._digits = self._digits, ""
            if typed:
                self._key_turn(expectation.key_answer(self.expect, typed) or typed)
        elif digit.isdigit():
            if not self._digits:
                self._take_turn()  # typing over an answer is like talking over it
            self._digits += digit
            self._deadline = self.now + self.settings.silence_reprompt_s

    def _key_turn(self, text: str) -> None:
        """Keys pressed over an answer stop it, like speech (barge-in), and are the caller's turn."""
        self._take_turn()
        self._deadline = None
        self._spawn(self._turn(text, self._epoch, trigger="key"))

