"""The pipeline's voice: speech queued piece by piece as it is synthesised, stopped by the caller
taking the turn unless it is a hand-over notice; what happens once it has been played."""
from __future__ import annotations

import time

import numpy as np

from assistant.rasa_client import Reply

from ..earcon import earcon
from ..tts.text import phrases
from . import events as ev
from . import prompts
from .events import ErrorCode, EventType

SLOWER = 1.25  # Rasa's speech_rate "slow": 25 % more time per character


def slower_for(reply: Reply) -> float:
    return SLOWER if reply.speech_rate == "slow" else 1.0


class Output:
    async def speak(self, reply: Reply, rate: int | None = None) -> np.ndarray:
        """A reply rendered as one recording (voice notes), slower when Rasa asked for it."""
        return await self.workers.run(self.workers.tts, self.tts.synthesize, reply.text, rate or self.out_rate,
                                      slower_for(reply))

    async def greet(self, text: str) -> None:
        """The channel speaks first (a phone line answering): the greeting awaits the caller's answer."""
        self.last_answer = text
        await self._say(text, ev.GREETING)

    # ---- output -------------------------------------------------------------------
    async def _say(self, text: str, purpose: str, slower: float = 1.0, *, locked: bool = False,
                   after: str = "played") -> float:
        """Queue speech piece by piece as it is synthesised (the first plays while the rest is made);
        stops when the caller takes the turn, unless ``locked``. Returns seconds until the first piece."""
        self._emit(EventType.TTS_START, text=text, purpose=purpose, slower=slower)
        self._fire("speak")
        self._after_speaking, self._locked, self._speech_done = after, locked, False
        if locked:  # words begun before a hand-over notice are not a turn after it
            self._utterance = self._recognizer = None
        token = self._speech = object()  # a newer speech owns _speech_done once it starts
        if purpose in (ev.ANSWER, ev.GREETING):
            self.last_answer = text
        epoch, fixed = self._epoch, purpose in (ev.REPROMPT_SPEECH, ev.HANDOVER)
        started, first = time.perf_counter(), None
        interrupted = False
        try:
            for phrase in phrases(text):
                pieces = self.tts.stream(phrase, self.out_rate, slower, persist=fixed)
                while (piece := await self.workers.run(self.workers.tts, next, pieces, None)) is not None:
                    if epoch != self._epoch and not locked:
                        interrupted = True
                        break
                    self.player.enqueue(piece)
                    first = first or time.perf_counter() - started
                if interrupted:
                    break
        except Exception as exc:  # noqa: BLE001 — no voice left: at least a chime, and the event says why
            self._emit(EventType.ERROR, code=ErrorCode.TTS_FAILED, message=str(exc))
            self.player.enqueue(earcon(self.out_rate))
        finally:
            if self._speech is token:
                self._speech_done = True
        if purpose == ev.ANSWER:
            self.awaiting_answer = self.expect is not None or prompts.expects_answer(text) or not self.wake
        elif purpose in (ev.GREETING, ev.REPROMPT_SPEECH, ev.HANDOVER):
            self.awaiting_answer = True
        self._emit(EventType.TTS_END, text=text, purpose=purpose, first_audio_s=first or 0.0,
                   interrupted=interrupted)
        return first or 0.0

    def _finished_speaking(self) -> None:
        trigger = self._after_speaking
        self._fire(trigger)
        self._locked = self._locked and trigger == "hang_up"
        if trigger == "played":
            wait = self.settings.silence_reprompt_s if self.awaiting_answer else self.settings.follow_up_s
            self._deadline = self.now + wait
