"""The turn pipeline: audio, keys or text in; Rasa's answer out as audio and stage events.

Stages per turn: wake word (speaker) → VAD/endpoint → STT → intent (Rasa) → TTS. The event loop
does only cheap per-frame work (VAD, feeding the streaming recogniser); ASR finish and TTS run in
bounded pools (workers.py), Rasa over async HTTP, so a caller who speaks while an answer is being
recognised, fetched or synthesised is heard at once (barge-in) — except over a hand-over notice,
which nothing cancels.

Rasa owns the dialogue: repeat (``*`` sends /repeat), hand-over sentences, the slow speech rate
(``speech_rate: slow``), what silence means (``on_silence``) and what answer a question expects
(``expect``, passed to the recogniser and the keypad). The pipeline speaks its own words only
where Rasa cannot: a re-prompt on silence, nothing heard, an apology when Rasa is down.
"""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from typing import Callable

import numpy as np

from assistant.rasa_client import RasaClient, RasaUnavailable, Reply

from ..asr import AsrEngine
from ..audio import ASR_RATE, FRAME_S, StreamResampler, to_mono_float
from ..earcon import earcon
from ..tts import Tts
from ..vad import DEFAULT_DETECTOR, Endpointer
from ..wake import WakeWordSpotter
from . import events as ev
from . import expectation, prompts
from .chunk import AudioChunk
from .events import ErrorCode, EventType
from .entries import Entries
from .keypad import Keypad
from .machine import State, StateMachine
from .output import Output, slower_for
from .player import Player
from .workers import Workers, shared

FRAME = int(ASR_RATE * FRAME_S)
log = logging.getLogger(__name__)


class Pipeline(Entries, Keypad, Output):
    def __init__(self, asr: AsrEngine, tts: Tts, rasa: RasaClient, settings, *, channel: str,
                 sender_id: str | None = None, metadata: dict | None = None, in_rate: int = ASR_RATE,
                 out_rate: int = ASR_RATE, wake_word: str | None = None, hang_up_on_hand_over: bool = False,
                 keypad: bool = False, operator: bool = False,
                 on_event: Callable[[ev.Event], None] | None = None, workers: Workers | None = None,
                 vad: str = DEFAULT_DETECTOR):
        """``operator``: a person can take this conversation (a phone line with an operator configured);
        the channel clears it once a transfer failed. Without one the pipeline never says it transfers:
        keypad 0 asks Rasa, which offers a call-back."""
        self.asr, self.tts, self.rasa, self.settings = asr, tts, rasa, settings
        self.workers = workers or shared()
        self.sender_id = sender_id or f"{channel}-{uuid.uuid4().hex[:12]}"
        self.metadata = {"channel": channel, **(metadata or {})}
        self.in_rate, self.out_rate = in_rate, out_rate
        self.wake = WakeWordSpotter(wake_word) if wake_word else None
        self.hang_up_on_hand_over, self.keypad, self.operator = hang_up_on_hand_over, keypad, operator
        self.on_event = on_event
        self.events: list[ev.Event] = []
        self.player = Player()
        self.endpointer = Endpointer(settings.trailing_silence_s, settings.max_utterance_s, detector=vad)
        self._early_frames = max(1, round(settings.asr_early_decode_s / FRAME_S))
        self._sentence_frames = round(settings.sentence_end_silence_s / FRAME_S)  # 0: never early
        self.machine = StateMachine(State.IDLE if self.wake else State.LISTENING)
        self.frames_in = 0
        self.expect = None  # what the last question expects (voice.expect.Expect or the payload dict)
        self.last_answer = ""
        self.awaiting_answer = not self.wake  # phone: the caller speaks first
        self.rasa_failures = 0  # turns Rasa gave no answer to
        self.rasa_turns = 0  # turns Rasa answered
        self._pending = np.zeros(0, np.float32)
        self._resamplers: dict[int, StreamResampler] = {}
        self._recognizer = None
        self._utterance: list[np.ndarray] | None = None  # None: not inside an utterance
        self._understood: tuple[str, asyncio.Future] | None = None  # early text → is the NLU sure of it?
        self._early: asyncio.Future | None = None  # the expected answer heard at this pause, if any
        self._deadline: float | None = None if self.wake else settings.silence_reprompt_s
        self._reprompts = self._not_heard = 0
        self._on_silence: str | None = None  # what Rasa asked to receive if the caller says nothing now
        self._digits = ""  # keypad entry in progress
        self._after_speaking = "played"
        self._speech_done = True  # every piece of the current speech is queued
        self._speech: object | None = None
        self._locked = False  # a hand-over notice is being said: speech and keys do not cancel it
        self._epoch = 0  # bumped whenever the caller takes the turn: older answers are stale
        self._tasks: set[asyncio.Future] = set()
        self._rasa_lock: asyncio.Lock | None = None
        self._recognize_with_expect = expectation.takes_expect(asr.recognizer)

    # ---- clock, events, state -----------------------------------------------
    @property
    def now(self) -> float:
        return self.frames_in * FRAME_S

    @property
    def state(self) -> State:
        return self.machine.state

    @property
    def ended(self) -> bool:
        """The pipeline's part is over (phone: hand-over said) and its last words are played."""
        return self.state == State.ENDED and not self.player.busy

    def _emit(self, type_: EventType, **data) -> ev.Event:
        event = ev.Event(type_, data, self.now)
        self.events.append(event)
        if self.on_event:
            self.on_event(event)
        return event

    def _fire(self, trigger: str) -> None:
        old, new = self.machine.fire(trigger)
        if old != new or trigger == "speak":
            self._emit(EventType.STATE, old=old.value, new=new.value, trigger=trigger)

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # a bug, not a caller's doing: say so
            log.error("pipeline %s: %s", self.sender_id, "stage failed", exc_info=task.exception())

    async def settle(self) -> None:
        """Wait until the work started so far is done (tests and clips: computation takes no audio time)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # ---- adapter API: live audio ------------------------------------------------
    async def feed_audio(self, chunk: AudioChunk | np.ndarray) -> None:
        """Input audio as it arrives (an AudioChunk, or samples at ``in_rate``); processed in 20 ms frames."""
        samples, rate = (chunk.samples(), chunk.rate) if isinstance(chunk, AudioChunk) else (chunk, self.in_rate)
        if rate not in self._resamplers:  # one stream per input rate: chunks join without clicks
            self._resamplers[rate] = StreamResampler(rate, ASR_RATE)
        x = self._resamplers[rate].feed(to_mono_float(samples))
        self._pending = np.concatenate([self._pending, x])
        while len(self._pending) >= FRAME:
            frame, self._pending = self._pending[:FRAME], self._pending[FRAME:]
            self.frames_in += 1
            self._frame(frame)
        await asyncio.sleep(0)  # let finished stages move on between chunks

    def _frame(self, frame: np.ndarray) -> None:
        if self.state == State.ENDED:
            return
        if self.state == State.SPEAKING and self._speech_done and not self.player.busy:
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
            self._deadline = None
            self._spawn(self._silence())

    def _take_turn(self) -> None:
        """The caller takes the turn (speech or keys): an answer still being fetched or said is stale;
        what plays stops (barge-in). A hand-over notice is never cut."""
        self._epoch += 1
        if self.state in (State.SPEAKING, State.THINKING):
            self.player.stop()
            self._fire("barge_in")
            self._emit(EventType.BARGE_IN)

    def _speech_started(self, preroll: np.ndarray) -> None:
        if self._locked:
            return  # speaking over the hand-over notice changes nothing
        barge_in = self.state in (State.SPEAKING, State.THINKING)
        self._take_turn()
        self._emit(EventType.VAD_START, barge_in=barge_in)
        self._deadline = None
        self._utterance, self._understood, self._early = [], None, None
        if self.state == State.IDLE:
            self._recognizer = None
        else:
            kwargs = {"expect": self.expect} if self._recognize_with_expect and self.expect is not None else {}
            self._recognizer = self.asr.recognizer(ASR_RATE, **kwargs)
        self._listen(preroll)

    def _listen(self, audio: np.ndarray) -> None:
        if self._utterance is None:
            return
        self._utterance.append(audio)
        if self._recognizer is not None:
            partial = self._recognizer.accept(audio)
            if partial:
                self._emit(EventType.STT_PARTIAL, text=partial)

    def _pause_check(self) -> None:
        if self._recognizer is None:
            return
        silent = self.endpointer.silent_frames
        if silent == 0:
            self._recognizer.speech_resumed()
            self._early = None
            return
        if silent == self._early_frames:
            self._recognizer.pause_heard()
        answer = self._answered_early() if self.expect is not None and silent >= self._early_frames else None
        if answer:  # 对 to a yes/no question: the turn ends at once, not after the trailing silence
            self.endpointer.end_now()
            self._speech_ended(answer)
        elif self._sentence_frames and silent >= self._sentence_frames and self._said_it_all():
            # a whole request followed by a clear pause: answer now rather than wait out the long
            # trailing silence kept for elders who stop mid-sentence
            self.endpointer.end_now()
            self._speech_ended()

    def _answered_early(self) -> str | None:
        """The expected answer, once the engine heard it clearly in what was said up to this pause
        (``AsrEngine.early_answer``, run in the ASR pool once per pause)."""
        if self._early is None:
            self._early = self._background(self.workers.asr, self.asr.early_answer, np.concatenate(self._utterance),
                                           self.expect)
        done = self._early.done() and self._early.exception() is None
        return self._early.result() if done else None

    def _background(self, pool, fn, *args) -> asyncio.Future:
        future = asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        self._tasks.add(future)
        future.add_done_callback(self._tasks.discard)
        return future

    def _said_it_all(self) -> bool:
        """The words up to this pause make a whole request: ASR closed the sentence (。/？), or the NLU is
        sure what they ask for (short commands such as 我要转人工 often come without a closing 。)."""
        if self._recognizer.sounds_finished():
            return True
        text = self._recognizer.early_text()
        if not text or self.settings.sentence_end_confidence > 1:
            return False
        if self._understood is None or self._understood[0] != text:
            self._understood = (text, self._background(self.workers.nlu, self.rasa.understood, text,
                                                       self.settings.sentence_end_confidence))
        check = self._understood[1]
        return check.done() and check.exception() is None and check.result()

    def _speech_ended(self, answer: str | None = None) -> None:
        """``answer``: the expected answer already heard (no decoding left to wait for)."""
        if self._utterance is None:
            return
        audio, self._utterance = np.concatenate(self._utterance), None
        recognizer, self._recognizer = self._recognizer, None
        self._emit(EventType.VAD_END)
        if self.state == State.IDLE:
            self._spawn(self._wake_check(audio))
        else:
            self._spawn(self._speech_turn(recognizer, self._epoch, answer))

    async def _wake_check(self, audio: np.ndarray) -> None:
        if len(audio) > self.wake.max_segment_s * ASR_RATE:
            return  # long talk in the room is not a wake word
        started = time.perf_counter()
        self._emit(EventType.WAKE_WORD_START)
        try:
            text = await self.workers.run(self.workers.asr, self._recognize, audio)
        except Exception as exc:  # noqa: BLE001 — a broken engine leaves the speaker asleep, and says why
            self._emit(EventType.ERROR, code=ErrorCode.WAKE_FAILED, message=str(exc))
            return
        heard, rest = self.wake.match(text)
        self._emit(EventType.WAKE_WORD_END, wake_word=self.wake.wake_word if heard else "")
        if not heard or self.state != State.IDLE:
            return
        self._reprompts = 0
        self._fire("wake")
        if len(rest) >= 2:  # 小安小安，我想订午饭: the request came in the same breath
            await self._turn(rest, self._epoch, time.perf_counter() - started, trigger="speech")
            return
        self.player.enqueue(earcon(self.out_rate))
        self.awaiting_answer = True
        self._deadline = self.now + self.settings.silence_reprompt_s

    def _recognize(self, audio: np.ndarray) -> str:
        recognizer = self.asr.recognizer(ASR_RATE)
        recognizer.accept(audio)
        return recognizer.finish()

    async def _speech_turn(self, recognizer, epoch: int, answer: str | None = None) -> None:
        started = time.perf_counter()
        self._emit(EventType.STT_START, expect=self.expect)
        try:
            if answer is not None:
                text = answer
            else:
                text = await self.workers.run(self.workers.asr, recognizer.finish) if recognizer else ""
        except Exception as exc:  # noqa: BLE001 — a broken engine must still end in speech, not silence
            self._emit(EventType.ERROR, code=ErrorCode.STT_FAILED, message=str(exc))
            if epoch == self._epoch:
                await self._say(prompts.apology(self.settings.hotline), ev.APOLOGY)
            return
        self._emit(EventType.STT_END, text=text)
        await self._turn(text, epoch, time.perf_counter() - started, trigger="speech")

    # ---- turns ------------------------------------------------------------------
    async def _turn(self, text: str, epoch: int, asr_s: float = 0.0, extra_metadata: dict | None = None,
                    trigger: str = "speech") -> None:
        self._emit(EventType.RUN_START, trigger=trigger)
        if not text:
            self._emit(EventType.ERROR, code=ErrorCode.NO_TEXT, message="")
            if epoch == self._epoch:
                self._not_heard += 1
                await self._failed_turn(prompts.KEYPAD if self.keypad and self._not_heard >= 2 else prompts.NOT_HEARD)
            self._emit(EventType.RUN_END, outcome="not_heard")
            return
        self._reprompts = self._not_heard = 0
        if epoch == self._epoch and self.state == State.LISTENING:
            self._fire("final")
        started = time.perf_counter()
        reply = await self._ask(text, extra_metadata)
        nlu_s = time.perf_counter() - started
        if reply is None:
            answer, slower, hand_over = prompts.apology(self.settings.hotline), 1.0, False
        else:
            answer = reply.text or prompts.NOT_HEARD
            slower, hand_over = slower_for(reply), reply.hand_over
        if epoch != self._epoch and not hand_over:
            self._emit(EventType.RUN_END, outcome="superseded", asr_s=asr_s, nlu_s=nlu_s, tts_s=0.0)
            return  # the caller spoke again meanwhile: their new turn decides
        after = self._after_rasa_hand_over(reply) if hand_over else "played"
        if hand_over:
            self._emit(EventType.HAND_OVER, reason=reply.hand_over_reason, by="rasa")
        tts_s = await self._say(answer, ev.ANSWER if reply else ev.APOLOGY, slower, locked=hand_over, after=after)
        self._emit(EventType.RUN_END, outcome="answered" if reply else "rasa_unavailable", asr_s=asr_s,
                   nlu_s=nlu_s, tts_s=tts_s)

    async def _ask(self, text: str, extra_metadata: dict | None) -> Reply | None:
        """One Rasa turn; its bookkeeping finishes even if the caller barges in meanwhile (shielded),
        and turns reach Rasa one at a time, in order."""
        async def ask() -> Reply | None:
            async with self._lock():
                self._emit(EventType.INTENT_START, text=text)
                try:
                    reply = await self.rasa.send_async(self.sender_id, text, {**self.metadata, **(extra_metadata or {})})
                except RasaUnavailable as exc:
                    self.rasa_failures += 1
                    self._emit(EventType.ERROR, code=ErrorCode.INTENT_UNAVAILABLE, message=str(exc))
                    return None
                self.rasa_turns += 1
                self.expect = expectation.parse(reply.expect)
                self._on_silence = reply.on_silence  # 要不要马上叫人？: silence is an answer there
                self._emit(EventType.INTENT_END, reply=reply, texts=reply.texts, custom=reply.custom)
                return reply
        return await asyncio.shield(self._spawn(ask()))

    def _lock(self) -> asyncio.Lock:
        if self._rasa_lock is None:
            self._rasa_lock = asyncio.Lock()
        return self._rasa_lock

    def _after_rasa_hand_over(self, reply: Reply) -> str:
        """Rasa's answer already says the hand-over: no second notice. The channel transfers once it is
        played where an operator line exists; an emergency without one keeps the line open."""
        self._reprompts = 0
        if self.operator and self.hang_up_on_hand_over:
            return "hang_up"
        if self.wake and not reply.keep_line:
            return "done"
        return "played"

    async def _failed_turn(self, prompt: str) -> None:
        """Silence or nothing recognisable: re-prompt, and after two re-prompts hand over."""
        if self._reprompts >= self.settings.max_reprompts:
            await self._hand_over("no_response")
            return
        self._reprompts += 1
        self._emit(EventType.REPROMPT, count=self._reprompts)
        await self._say(prompt, ev.REPROMPT_SPEECH)

    async def _silence(self) -> None:
        if self.awaiting_answer and self._on_silence:
            payload, self._on_silence = self._on_silence, None
            await self._turn(payload, self._epoch, trigger="silence")
        elif self.awaiting_answer:
            await self._failed_turn(prompts.REPROMPT)
        elif self.state == State.LISTENING:
            self._fire("follow_up_over")  # speaker: the follow-up window closed quietly

    async def _hand_over(self, reason: str) -> None:
        """The pipeline's own hand-over (keypad 0, silence): its notice, then the line ends (phone) or the
        speaker waits for its wake word. Keypad 0 without an operator asks Rasa instead (a call-back)."""
        if reason == "dtmf" and not self.operator:
            await self._turn(prompts.ASK_FOR_HUMAN, self._epoch, trigger="key")
            return
        self._emit(EventType.HAND_OVER, reason=reason, by="pipeline")
        self._reprompts = 0
        after = "hang_up" if self.hang_up_on_hand_over else ("done" if self.wake else "played")
        await self._say(prompts.hand_over(self.operator, self.hang_up_on_hand_over), ev.HANDOVER, locked=True,
                        after=after)
