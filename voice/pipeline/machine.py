"""The session's states and the only transitions allowed between them."""
from __future__ import annotations

from enum import Enum


class State(str, Enum):
    IDLE = "idle"  # smart speaker: waiting for the wake word
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"
    ENDED = "ended"  # phone line: after hand-over


TRANSITIONS: dict[tuple[State, str], State] = {
    (State.IDLE, "wake"): State.LISTENING,
    (State.IDLE, "speak"): State.SPEAKING,  # a wake word with the request in one breath
    (State.LISTENING, "final"): State.THINKING,
    (State.LISTENING, "speak"): State.SPEAKING,  # re-prompt, hand-over
    (State.LISTENING, "follow_up_over"): State.IDLE,
    (State.THINKING, "speak"): State.SPEAKING,
    (State.THINKING, "barge_in"): State.LISTENING,  # the caller spoke again before the answer came
    (State.SPEAKING, "played"): State.LISTENING,
    (State.SPEAKING, "barge_in"): State.LISTENING,
    (State.SPEAKING, "speak"): State.SPEAKING,
    (State.SPEAKING, "done"): State.IDLE,  # speaker: after hand-over, back to the wake word
    (State.SPEAKING, "hang_up"): State.ENDED,
    (State.ENDED, "resume"): State.LISTENING,  # phone: the transfer failed, the call goes on
}


class IllegalTransition(RuntimeError):
    pass


class StateMachine:
    def __init__(self, initial: State):
        self.state = initial

    def fire(self, trigger: str) -> tuple[State, State]:
        new = TRANSITIONS.get((self.state, trigger))
        if new is None:
            raise IllegalTransition(f"{trigger!r} in state {self.state.value}")
        old, self.state = self.state, new
        return old, new
