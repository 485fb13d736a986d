"""VoiceSession: audio frames in, endpointed text to Rasa, answers out as audio.

Channel-agnostic: a channel calls ``feed()`` with input audio as it arrives and
drains ``player.read()`` for output. Time is counted in input audio, so
re-prompt and follow-up deadlines behave the same live and in tests.
"""
from __future__ import annotations

import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

import numpy as np

from ..asr import AsrEngine
from ..audio import ASR_RATE, FRAME_S, resample, to_mono_float
from ..earcon import earcon
from ..tts import Tts
from ..tts.text import phrases
from ..vad import Endpointer
from ..wake import WakeWordSpotter
from . import events as ev
from . import prompts
from .machine import State, StateMachine
from .player import Player
from .rasa_client import NluReply, NluUnavailable, RasaClient

FRAME = int(ASR_RATE * FRAME_S)
REPEAT_SLOWER = 1.25
_NLU_CHECKS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nlu-check")  # shared by all sessions


class VoiceSession:
    def __init__(self, asr: AsrEngine, tts: Tts, nlu: RasaClient, settings, *, channel: str,
                 sender_id: str | None = None, metadata: dict | None = None, in_rate: int = ASR_RATE,
                 out_rate: int = ASR_RATE, wake_word: str | None = None, hang_up_on_hand_over: bool = False,
                 keypad: bool = False, operator: bool = False,
                 on_event: Callable[[ev.Event], None] | None = None):
        """``operator``: a person can take this conversation (a phone line with an operator configured).
        Without one the session never says it transfers: keypad 0 asks Rasa, which offers a call-back."""
        self.asr, self.tts, self.nlu, self.settings = asr, tts, nlu, settings
        self.sender_id = sender_id or f"{channel}-{uuid.uuid4().hex[:12]}"
        self.metadata = {"channel": channel, **(metadata or {})}
        self.in_rate, self.out_rate = in_rate, out_rate
        self.wake = WakeWordSpotter(wake_word) if wake_word else None
        self.hang_up_on_hand_over = hang_up_on_hand_over
        self.keypad = keypad  # a phone: digits can stand in for speech
        self.operator = operator  # the channel clears it when a transfer failed: no second promise
        self._expect_key = False  # the last answer offered keypad choices (按1…): one key is the answer
        self.on_event = on_event
        self.events: list[ev.Event] = []
        self.player = Player()
        self.endpointer = Endpointer(settings.trailing_silence_s, settings.max_utterance_s)
        self._early_frames = max(1, round(settings.asr_early_decode_s / FRAME_S))
        self._sentence_frames = round(settings.sentence_end_silence_s / FRAME_S)  # 0: never early
        self.machine = StateMachine(State.IDLE if self.wake else State.LISTENING)
        self.frames_in = 0
        self._pending = np.zeros(0, np.float32)
        self._recognizer = None
        self._utterance: list[np.ndarray] | None = None  # None: not inside an utterance
        self._understood: tuple[str, Future] | None = None  # early text → is the NLU sure of it?
        self._deadline: float | None = None if self.wake else settings.silence_reprompt_s
        self._awaiting_answer = not self.wake  # phone: the caller speaks first
        self._reprompts = 0
        self._not_heard = 0  # recognitions in a row that gave nothing
        self._on_silence: str | None = None  # what Rasa asked to receive if the caller says nothing now
        self._digits = ""  # keypad entry in progress
        self._last_answer = ""
        self._after_speaking = "played"

    # ---- clock and events -------------------------------------------------
    @property
    def now(self) -> float:
        return self.frames_in * FRAME_S

    @property
    def state(self) -> State:
        return self.machine.state

    def _emit(self, event: ev.Event) -> None:
        event.at_s = self.now
        self.events.append(event)
        if self.on_event:
            self.on_event(event)

    def _fire(self, trigger: str) -> None:
        old, new = self.machine.fire(trigger)
        if old != new or trigger == "speak":
            self._emit(ev.StateChanged(old.value, new.value, trigger))

    # ---- input ------------------------------------------------------------
    def feed(self, samples: np.ndarray) -> None:
        """Input audio at ``in_rate``, any length; processed in 20 ms frames."""
        x = resample(to_mono_float(samples), self.in_rate, ASR_RATE)
        self._pending = np.concatenate([self._pending, x])
        while len(self._pending) >= FRAME:
            frame, self._pending = self._pending[:FRAME], self._pending[FRAME:]
            self.frames_in += 1
            self._frame(frame)

    def _frame(self, frame: np.ndarray) -> None:
        if self.state == State.ENDED:
            return
        if self.state == State.SPEAKING and not self.player.busy:
            self._finished_speaking()
        point = self.endpointer.feed(frame)
        if point and point.kind == "start":
            self._speech_started(point.audio)
        elif self._utterance is not None and self.endpointer.in_speech:
            self._listen(frame)
            self._pause_check()
        elif point and point.kind == "end":
            self._listen(frame)
            self._speech_ended()
        elif self.state == State.LISTENING and self._deadline is not None and self.now >= self._deadline:
            self._silence()

    def _speech_started(self, preroll: np.ndarray) -> None:
        barge_in = self.state == State.SPEAKING
        if barge_in:
            self.player.stop()  # the caller talks over the answer: stop it and hear them
            self._fire("barge_in")
        self._emit(ev.SpeechStarted(barge_in=barge_in))
        self._deadline = None
        self._utterance = []
        self._understood = None
        self._recognizer = None if self.state == State.IDLE else self.asr.recognizer(ASR_RATE)
        self._listen(preroll)

    def _listen(self, audio: np.ndarray) -> None:
        if self._utterance is None:
            return
        self._utterance.append(audio)
        if self._recognizer is not None:
            partial = self._recognizer.accept(audio)
            if partial:
                self._emit(ev.Partial(partial))

    def _pause_check(self) -> None:
        if self._recognizer is None:
            return
        silent = self.endpointer.silent_frames
        if silent == self._early_frames:
            self._recognizer.pause_heard()
        elif silent == 0:
            self._recognizer.speech_resumed()
        elif self._sentence_frames and silent >= self._sentence_frames and self._said_it_all():
            # a whole request followed by a clear pause: answer now rather than wait out the long
            # trailing silence kept for elders who stop mid-sentence
            self.endpointer.end_now()
            self._speech_ended()

    def _said_it_all(self) -> bool:
        """The words up to this pause make a whole request: ASR closed the sentence (。/？), or the NLU is
        sure what they ask for (short commands such as 我要转人工 often come without a closing 。)."""
        if self._recognizer.sounds_finished():
            return True
        text = self._recognizer.early_text()
        if not text or self.settings.sentence_end_confidence > 1:
            return False
        if self._understood is None or self._understood[0] != text:
            self._understood = (text, _NLU_CHECKS.submit(self.nlu.understood, text,
                                                         self.settings.sentence_end_confidence))
        check = self._understood[1]
        return check.done() and check.exception() is None and check.result()

    def _speech_ended(self) -> None:
        audio, self._utterance = np.concatenate(self._utterance), None
        started = time.perf_counter()
        if self.state == State.IDLE:
            self._wake_check(audio)
            return
        try:
            text = self._recognizer.finish() if self._recognizer else ""
        except Exception as exc:  # a broken engine must still end in speech, not silence
            self._emit(ev.Degraded(f"asr: {exc}"))
            self._say(prompts.apology(self.settings.hotline), "apology")
            return
        finally:
            self._recognizer = None
        self._turn(text, time.perf_counter() - started)

    def _wake_check(self, audio: np.ndarray) -> None:
        if len(audio) > self.wake.max_segment_s * ASR_RATE:
            return  # long talk in the room is not a wake word
        started = time.perf_counter()
        rec = self.asr.recognizer(ASR_RATE)
        rec.accept(audio)
        heard, rest = self.wake.match(rec.finish())
        if not heard:
            return
        self._emit(ev.WakeWord(self.wake.wake_word))
        self._reprompts = 0
        self._fire("wake")
        if len(rest) >= 2:  # 小安小安，我想订午饭: the request came in the same breath
            self._turn(rest, time.perf_counter() - started)
            return
        self.player.enqueue(earcon(self.out_rate))
        self._awaiting_answer = True
        self._deadline = self.now + self.settings.silence_reprompt_s

    # ---- turns ------------------------------------------------------------
    def _turn(self, text: str, asr_s: float, extra_metadata: dict | None = None) -> None:
        if not text:
            self._not_heard += 1
            offer_keys = self.keypad and self._not_heard >= 2
            self._failed_turn(prompts.KEYPAD if offer_keys else prompts.NOT_HEARD)
            return
        self._emit(ev.Final(text))
        self._reprompts = self._not_heard = 0
        if prompts.asks_repeat(text) and self._last_answer:
            self._say(self._last_answer, "repeat", slower=REPEAT_SLOWER)
            return
        self._fire("final")
        started = time.perf_counter()
        try:
            reply = self.nlu.send(self.sender_id, text, {**self.metadata, **(extra_metadata or {})})
        except NluUnavailable as exc:
            self._emit(ev.Degraded(f"rasa: {exc}"))
            reply = NluReply([prompts.apology(self.settings.hotline)])
        nlu_s = time.perf_counter() - started
        if not reply.texts:
            reply.texts = [prompts.NOT_HEARD]
        self._emit(ev.Reply(reply.texts, reply.custom))
        # 要不要马上叫人？: silence is an answer there (Rasa's custom {"on_silence": "/emergency"})
        self._on_silence = next((c["on_silence"] for c in reply.custom if isinstance(c.get("on_silence"), str)), None)
        answer = "".join(reply.texts)
        self._last_answer = answer
        self._expect_key = any(c.get("expect") == "key" for c in reply.custom)
        tts_s = self._say(answer, "answer")
        self._emit(ev.TurnTiming(asr_s, nlu_s, tts_s))
        if reply.hand_over:
            self._rasa_hand_over(reply.custom)

    def _failed_turn(self, prompt: str) -> None:
        """Silence or nothing recognizable: re-prompt, and after two re-prompts hand over."""
        if self._reprompts >= self.settings.max_reprompts:
            self._hand_over("no_response")
            return
        self._reprompts += 1
        self._emit(ev.Reprompt(self._reprompts))
        self._say(prompt, "reprompt")

    def _silence(self) -> None:
        self._deadline = None
        if self._awaiting_answer and self._on_silence:
            payload, self._on_silence = self._on_silence, None
            self._turn(payload, 0.0)
            return
        if self._awaiting_answer:
            self._failed_turn(prompts.REPROMPT)
        else:
            self._fire("follow_up_over")  # speaker: the follow-up window closed quietly

    def _hand_over(self, reason: str) -> None:
        """The session's own hand-over (keypad 0, silence): its notice, then the line ends (phone) or the
        speaker waits for its wake word. Keypad 0 without an operator asks Rasa instead (a call-back)."""
        if reason == "dtmf" and not self.operator:
            self._key_turn(prompts.ASK_FOR_HUMAN)
            return
        self._emit(ev.HandOver(reason))
        self._say(prompts.hand_over(self.operator, self.hang_up_on_hand_over), "handover")
        self._after_speaking = "hang_up" if self.hang_up_on_hand_over else ("done" if self.wake else "played")
        self._reprompts = 0

    def _rasa_hand_over(self, custom: list[dict]) -> None:
        """Rasa's answer already said the hand-over: no second notice. It transfers only where an operator
        line exists; an emergency (``keep_line`` / reason emergency) without one keeps the call going."""
        self._emit(ev.HandOver("rasa"))
        self._reprompts = 0
        keep = any(c.get("keep_line") or c.get("reason") == "emergency" for c in custom)
        if self.operator and self.hang_up_on_hand_over:
            self._after_speaking = "hang_up"  # the channel transfers once the answer is played
        elif self.wake and not keep:
            self._after_speaking = "done"

    def _key_turn(self, text: str) -> None:
        """Keys pressed over an answer stop it, like speech (barge-in), and are the caller's turn."""
        self.player.stop()
        if self.state == State.SPEAKING:
            self._fire("barge_in")
        self._turn(text, 0.0)

    def resume(self, text: str | None = None, extra_metadata: dict | None = None) -> None:
        """The channel could not transfer (no operator free): the call goes on. ``text`` is sent to Rasa
        as the caller's turn (with ``extra_metadata``); without one the caller hears that we are still here."""
        if self.state == State.ENDED:
            self._fire("resume")
        self._after_speaking = "played"
        if text:
            self._turn(text, 0.0, extra_metadata)
        else:
            self._say(prompts.STILL_HERE, "reprompt")

    def greet(self, text: str) -> None:
        """The channel speaks first (a phone line answering): the greeting awaits the caller's answer."""
        self._last_answer = text
        self._say(text, "greeting")

    def dtmf(self, digit: str) -> None:
        """Phone keypad: 0 reaches a human from anywhere; on a keypad line * repeats the last answer
        and digits (a phone or ID number, 0 included once started) are a turn when # ends them."""
        if self.state == State.ENDED:
            return
        if self._expect_key and self.keypad and digit in "123456789" and not self._digits:
            self._expect_key = False  # 请按键：按1是早餐…: one key is the whole answer, no # needed
            self._key_turn(digit)
            return
        if digit == "0" and not self._digits:
            self.player.stop()
            if self.state == State.IDLE:
                self._fire("wake")
            self._hand_over("dtmf")
            return
        if not self.keypad or self.state == State.IDLE:
            return
        if digit == "*":
            self._digits = ""
            if self._last_answer:
                self.player.stop()
                self._say(self._last_answer, "repeat", slower=REPEAT_SLOWER)
        elif digit == "#":
            typed, self._digits = self._digits, ""
            if typed:
                self._key_turn(typed)
        elif digit.isdigit():
            self.player.stop()  # typing over an answer is like talking over it
            self._digits += digit
            self._deadline = self.now + self.settings.silence_reprompt_s

    # ---- output -----------------------------------------------------------
    def _say(self, text: str, purpose: str, slower: float = 1.0) -> float:
        """Queue speech piece by piece (the first plays while the rest is synthesized);
        returns the seconds until the first phrase was ready."""
        self._emit(ev.Speaking(text, purpose))
        self._fire("speak")
        self._after_speaking = "played"
        fixed = purpose in ("reprompt", "handover")
        started, first_ready = time.perf_counter(), None
        try:
            for phrase in phrases(text):
                for piece in self.tts.stream(phrase, self.out_rate, slower, persist=fixed):
                    self.player.enqueue(piece)
                    first_ready = first_ready or time.perf_counter() - started
        except Exception as exc:  # no voice left: at least a chime, and the event says why
            self._emit(ev.Degraded(f"tts: {exc}"))
            self.player.enqueue(earcon(self.out_rate))
        if purpose == "greeting":
            self._awaiting_answer = True
        elif purpose == "answer":
            self._awaiting_answer = prompts.expects_answer(text) or not self.wake
        elif purpose in ("reprompt", "handover"):
            self._awaiting_answer = True
        return first_ready or 0.0

    def _finished_speaking(self) -> None:
        trigger = self._after_speaking
        self._fire(trigger)
        if trigger == "played":
            wait = self.settings.silence_reprompt_s if self._awaiting_answer else self.settings.follow_up_s
            self._deadline = self.now + wait
