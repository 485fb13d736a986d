"""The pipeline's entry points besides live audio and keys: typed text, a recorded voice note, and the
channel resuming a conversation its transfer could not end."""
from __future__ import annotations

import numpy as np

from assistant.rasa_client import Reply

from . import events as ev
from . import expectation, prompts
from .chunk import AudioChunk
from .events import ErrorCode, EventType
from .machine import State


class Entries:
    async def run_text(self, text: str, metadata: dict | None = None) -> Reply | None:
        """A typed message (widget, terminal chat): the intent stage alone. None when Rasa is down (an
        ``error`` event with ErrorCode.INTENT_UNAVAILABLE says so); the last ``expect`` is kept."""
        self._emit(EventType.RUN_START, trigger="text")
        reply = await self._ask(text, metadata)
        self._emit(EventType.RUN_END, outcome="answered" if reply else "rasa_unavailable")
        return reply

    async def run_audio_clip(self, audio: AudioChunk | np.ndarray, rate: int | None = None,
                             metadata: dict | None = None) -> tuple[str, Reply | None]:
        """A recorded voice note: STT (with the last ``expect``) then intent. Returns (what was heard,
        Rasa's reply); ('', None) when nothing was recognised, (text, None) when Rasa is down.
        ``speak()`` renders a reply as audio."""
        chunk = audio if isinstance(audio, AudioChunk) else AudioChunk(audio, rate or self.in_rate)
        self._emit(EventType.RUN_START, trigger="clip")
        self._emit(EventType.STT_START, expect=self.expect)
        kwargs = {"expect": self.expect} if self.expect is not None and expectation.takes_expect(
            self.asr.transcribe) else {}
        try:
            text = await self.workers.run(self.workers.asr, lambda: self.asr.transcribe(chunk.samples(), chunk.rate,
                                                                                        **kwargs))
        except Exception as exc:  # noqa: BLE001 — reported, the channel says sorry
            self._emit(EventType.ERROR, code=ErrorCode.STT_FAILED, message=str(exc))
            text = ""
        self._emit(EventType.STT_END, text=text)
        reply = await self._ask(text, metadata) if text else None
        self._emit(EventType.RUN_END, outcome="answered" if reply else ("rasa_unavailable" if text else "not_heard"))
        return text, reply

    async def resume(self, text: str | None = None, extra_metadata: dict | None = None) -> None:
        """The channel could not transfer (no operator free): the call goes on. ``text`` is sent to Rasa as
        the caller's turn (with ``extra_metadata``); without one the caller hears that we are still here."""
        if self.state == State.ENDED:
            self._fire("resume")
        self._after_speaking, self._locked = "played", False
        if text:
            await self._turn(text, self._epoch, extra_metadata=extra_metadata, trigger="resume")
        else:
            await self._say(prompts.STILL_HERE, ev.REPROMPT_SPEECH)

