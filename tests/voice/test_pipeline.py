"""Pipeline mechanics with mock ASR, TTS and Rasa (no model loaded): barge-in while an answer is being
synthesised, the hand-over notice nobody can cut, repeat decided by Rasa, Rasa down, keypad answers."""
from __future__ import annotations

import asyncio
import dataclasses
import json
import threading

import httpx
import numpy as np
import pytest

from assistant.rasa_client import RasaClient
from assistant.settings import load
from voice.asr.base import AsrEngine, Recognizer
from voice.pipeline import EventType, Pipeline, State, loopback, prompts
from voice.pipeline.machine import IllegalTransition, StateMachine

pytestmark = pytest.mark.fast
RATE = 16000
FRAME = 320


def hum(seconds: float) -> np.ndarray:
    """A voiced sound (harmonics of 150 Hz): speech to the energy VAD (no model to load); the mock ASR
    says what it 'heard'."""
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.1 * sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.float32)


class ScriptedAsr(AsrEngine):
    """Each utterance is heard as the next line of the script."""
    name = "scripted"

    def __init__(self, *lines: str):
        self.lines, self.expects = list(lines), []

    def recognizer(self, sample_rate=RATE, phrases=None, expect=None):
        self.expects.append(expect)
        line = self.lines.pop(0) if self.lines else ""

        class Rec(Recognizer):
            def _accept(self, x):
                return None

            def finish(self):
                return line
        return Rec(sample_rate)

    def transcribe(self, samples, sample_rate, expect=None):
        return self.recognizer(sample_rate, expect=expect).finish()


class ToneTts:
    """Synthesis as a tone, 0.2 s per character (times ``slower``), in pieces. With ``gate`` set,
    every piece after the first waits for the gate: an answer still being synthesised."""

    def __init__(self, gate: threading.Event | None = None):
        self.gate, self.said = gate, []
        self.waiting = threading.Event()  # a piece is held at the gate

    def stream(self, text, rate, slower=1.0, persist=False):
        self.said.append((text, slower))
        total = int(0.2 * len(text) * slower * rate)
        tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(total) / rate)).astype(np.float32)
        starts = [0, *range(3 * rate, total, rate // 2)]  # 3 s first, as a long first sentence
        for i, start in enumerate(starts):
            if i and self.gate is not None and not self.gate.is_set():
                self.waiting.set()
                self.gate.wait(10)
            yield tone[start:starts[i + 1] if i + 1 < len(starts) else total]

    def synthesize(self, text, rate, slower=1.0, persist=False):
        return np.concatenate(list(self.stream(text, rate, slower, persist)))


class ScriptedRasa:
    """Rasa's REST channel as a function of the message; remembers what it was sent."""

    def __init__(self, answer=None, down=False):
        self.sent, self.answer, self.down = [], answer or (lambda text: [{"text": "好的。"}]), down

    def transport(self):
        def handle(request: httpx.Request) -> httpx.Response:
            if self.down:
                raise httpx.ConnectError("refused")
            body = json.loads(request.content)
            self.sent.append(body["message"])
            return httpx.Response(200, json=self.answer(body["message"]))
        return httpx.MockTransport(handle)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return dataclasses.replace(load(), silence_reprompt_s=3.0, follow_up_s=3.0, trailing_silence_s=0.4,
                               sentence_end_silence_s=0, sentence_end_confidence=2.0, max_reprompts=2,
                               voice_cache_dir=tmp_path_factory.mktemp("voice_cache"))


def pipeline(settings, asr, tts, rasa: ScriptedRasa, **options) -> Pipeline:
    options = {"channel": "phone", "sender_id": "caller-1", "keypad": True, "vad": "energy"} | options
    return Pipeline(asr, tts, RasaClient("http://rasa", transport=rasa.transport()), settings, **options)


def types(p: Pipeline) -> list[EventType]:
    return [e.type for e in p.events]


def spoken(p: Pipeline, purpose: str | None = None) -> list[str]:
    return [e["text"] for e in p.events if e.type == EventType.TTS_START and purpose in (None, e["purpose"])]


def loud(frame: np.ndarray) -> bool:
    return float(np.abs(frame).max()) > 0.01


def test_barge_in_while_the_answer_is_synthesised_stops_playback_within_300_ms(settings):
    gate = threading.Event()
    tts = ToneTts(gate)
    long_answer = "好的，" + "这是一个很长的回答，" * 8
    p = pipeline(settings, ScriptedAsr("我想问个事", "等一下"), tts, ScriptedRasa(lambda t: [{"text": long_answer if "问" in t else "好。"}]))

    async def scenario():
        for frame in np.split(np.concatenate([silence(0.3), hum(0.8), silence(0.5)]), 80):
            await p.feed_audio(frame)  # no waiting on the work started: it runs meanwhile
        # Rasa answered, the first piece plays, the rest is still being synthesised (held at the gate)
        await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(None, tts.waiting.wait, 5), 6)
        assert p.state == State.SPEAKING and p.player.busy
        onset, stopped = None, None
        caller = np.concatenate([silence(0.2), hum(1.0), silence(0.6)])
        for i in range(0, len(caller), FRAME):
            frame = caller[i:i + FRAME]
            if onset is None and loud(frame):
                onset = i
            await p.feed_audio(frame)
            out = p.player.read(FRAME)
            if onset is not None and stopped is None and not loud(out):
                stopped = i
        gate.set()
        await p.settle()
        return onset, stopped

    onset, stopped = asyncio.run(scenario())
    assert stopped is not None and (stopped - onset) / RATE <= 0.3, (onset, stopped)
    assert EventType.BARGE_IN in types(p)
    ends = [e for e in p.events if e.type == EventType.TTS_END]
    assert ends[0]["interrupted"] or ends[0]["text"] == long_answer
    assert spoken(p).count(long_answer) == 1  # nothing of the stale answer played after the barge-in
    assert p.rasa_turns == 2


def test_hand_over_notice_is_said_once_and_speaking_over_it_does_not_cut_it(settings):
    notice = "好的，马上为您转接人工服务，请稍等。"
    rasa = ScriptedRasa(lambda t: [{"text": notice}, {"custom": {"handover": True, "reason": "asked_human"}}])
    tts = ToneTts()
    p = pipeline(settings, ScriptedAsr("转人工", "喂喂你听我说"), tts, rasa, operator=True,
                 hang_up_on_hand_over=True)
    said = np.concatenate([silence(0.3), hum(0.8), silence(0.6), hum(1.5)])
    out = loopback.run(p, said, tail_s=6, until=lambda q: q.ended)
    assert p.ended and rasa.sent == ["转人工"]  # the words over the notice were not a turn
    assert EventType.BARGE_IN not in types(p)
    assert spoken(p) == [notice]  # Rasa's sentence only: no second notice from the pipeline
    played = sum(loud(out[i:i + FRAME]) for i in range(0, len(out), FRAME)) * FRAME / RATE
    assert played >= 0.2 * len(notice) - 0.1  # the whole notice, spoken over or not
    assert [e["by"] for e in p.events if e.type == EventType.HAND_OVER] == ["rasa"]


def test_repeat_is_rasas_decision_and_is_said_slower(settings):
    answer = "明天的午饭已经订好了。"

    def rasa_says(text):
        if "再说" in text or text == "/repeat":
            return [{"text": answer}, {"custom": {"speech_rate": "slow"}}]
        return [{"text": answer}]
    rasa, tts = ScriptedRasa(rasa_says), ToneTts()
    p = pipeline(settings, ScriptedAsr("订明天午饭", "你再说一遍"), tts, rasa)
    loopback.run(p, np.concatenate([silence(0.3), hum(0.8), silence(4), hum(0.8)]), tail_s=4,
                 until=lambda q: len(spoken(q)) >= 2 and not q.player.busy)
    assert rasa.sent == ["订明天午饭", "你再说一遍"]  # the pipeline no longer answers repeat itself
    assert [s for t, s in tts.said if t == answer] == [1.0, pytest.approx(1.25)]

    async def star():  # the keypad's * asks Rasa too
        p.feed_key("*")
        await p.settle()
    asyncio.run(star())
    assert rasa.sent[-1] == "/repeat" and tts.said[-1][1] > 1


def test_rasa_down_is_an_error_event_and_an_apology_not_a_served_turn(settings):
    rasa = ScriptedRasa(down=True)
    p = pipeline(settings, ScriptedAsr("老年证怎么办"), ToneTts(), rasa)
    loopback.run(p, np.concatenate([silence(0.3), hum(0.8)]), tail_s=3, until=lambda q: len(spoken(q)) >= 1)
    errors = [e["code"] for e in p.events if e.type == EventType.ERROR]
    assert errors == ["intent-unavailable"] and p.rasa_failures == 1 and p.rasa_turns == 0
    assert settings.hotline in spoken(p)[0]
    assert [e["outcome"] for e in p.events if e.type == EventType.RUN_END] == ["rasa_unavailable"]


def test_expect_reaches_the_recogniser_and_a_key_answers_the_choice(settings):
    question = [{"text": "您要哪一餐？"}, {"custom": {"expect": {"kind": "meal", "options": ["早餐", "午餐", "晚餐"]}}}]
    rasa, asr = ScriptedRasa(lambda t: question), ScriptedAsr("订餐", "午餐")
    p = pipeline(settings, asr, ToneTts(), rasa)
    loopback.run(p, np.concatenate([silence(0.3), hum(0.8), silence(4.5), hum(0.8)]), tail_s=3,
                 until=lambda q: len(rasa.sent) >= 2 and not q.player.busy)
    assert asr.expects[0] is None and asr.expects[1] is not None  # the second turn knew what was asked

    async def key():
        p.feed_key("2")
        await p.settle()
    asyncio.run(key())
    assert rasa.sent[-1] == "午餐"


def test_silence_re_prompts_twice_then_the_pipeline_hands_over_once(settings):
    rasa = ScriptedRasa()
    p = pipeline(settings, ScriptedAsr(), ToneTts(), rasa, operator=True, hang_up_on_hand_over=True)
    loopback.run(p, silence(1), tail_s=20, until=lambda q: q.ended)
    assert [e["count"] for e in p.events if e.type == EventType.REPROMPT] == [1, 2]
    assert len([e for e in p.events if e.type == EventType.HAND_OVER]) == 1 and p.ended and rasa.sent == []


def test_text_and_voice_note_entry_points(settings):
    rasa = ScriptedRasa(lambda t: [{"text": "好的。"}, {"custom": {"speech_rate": "slow"}}])
    tts = ToneTts()
    p = pipeline(settings, ScriptedAsr("我想订饭"), tts, rasa, channel="widget", keypad=False)

    async def widget():
        typed = await p.run_text("你好")
        heard, reply = await p.run_audio_clip(hum(1.0), RATE)
        return typed, heard, reply, await p.speak(reply)
    typed, heard, reply, audio = asyncio.run(widget())
    assert typed.texts == ["好的。"] and heard == "我想订饭" and rasa.sent == ["你好", "我想订饭"]
    assert len(audio) == pytest.approx(0.2 * 3 * 1.25 * RATE, rel=0.01)  # slower, as Rasa asked


def keys(p: Pipeline, digits: str) -> None:
    async def press():
        for digit in digits:
            p.feed_key(digit)
        await p.settle()
    asyncio.run(press())


@pytest.mark.parametrize("operator", [True, False])
def test_keypad_zero_reaches_a_human_only_where_one_exists(settings, operator):
    rasa = ScriptedRasa(lambda t: [{"text": "现在没有人工，我们稍后给您回电话。"}, {"custom": {"callback": True}}])
    p = pipeline(settings, ScriptedAsr(), ToneTts(), rasa, operator=operator, hang_up_on_hand_over=True)
    keys(p, "0")
    if operator:  # the pipeline's own notice, then the line is the gateway's to transfer
        assert [e["reason"] for e in p.events if e.type == EventType.HAND_OVER] == ["dtmf"] and rasa.sent == []
        assert "转接" in spoken(p, "handover")[0]
    else:  # no promise of a person: Rasa is asked, and offers a call-back
        assert rasa.sent == [prompts.ASK_FOR_HUMAN] and EventType.HAND_OVER not in types(p)
        assert not any("转接" in text for text in spoken(p))


def test_typed_digits_are_a_turn_when_hash_ends_them(settings):
    rasa = ScriptedRasa()
    p = pipeline(settings, ScriptedAsr(), ToneTts(), rasa)
    keys(p, "13800138000#")  # a 0 inside a number is a digit, not the operator
    assert rasa.sent == ["13800138000"] and EventType.HAND_OVER not in types(p)


def test_a_broken_recogniser_still_ends_in_speech(settings):
    class Broken(ScriptedAsr):
        def recognizer(self, sample_rate=RATE, phrases=None, expect=None):
            class Rec(Recognizer):
                def _accept(self, x):
                    return None

                def finish(self):
                    raise RuntimeError("model file corrupt")
            return Rec(sample_rate)
    p = pipeline(settings, Broken(), ToneTts(), ScriptedRasa())
    loopback.run(p, np.concatenate([silence(0.3), hum(0.8)]), tail_s=2, until=lambda q: bool(spoken(q)))
    assert [e["code"] for e in p.events if e.type == EventType.ERROR] == ["stt-failed"]
    assert spoken(p, "apology")


def test_nothing_recognised_twice_offers_the_keypad_on_a_phone(settings):
    p = pipeline(settings, ScriptedAsr("", ""), ToneTts(), ScriptedRasa())
    said = np.concatenate([silence(0.3), hum(0.8), silence(4)])
    loopback.run(p, np.concatenate([said, said]), tail_s=1)
    assert spoken(p) == [prompts.NOT_HEARD, prompts.KEYPAD]


def test_illegal_transition_is_refused():
    with pytest.raises(IllegalTransition):
        StateMachine(State.IDLE).fire("final")


def test_typing_over_an_answer_stops_it_for_good(settings):
    gate = threading.Event()
    tts = ToneTts(gate)
    p = pipeline(settings, ScriptedAsr("我想问个事"), tts, ScriptedRasa(lambda t: [{"text": "好的，" * 30}]))

    async def scenario():
        for frame in np.split(np.concatenate([silence(0.3), hum(0.8), silence(0.5)]), 80):
            await p.feed_audio(frame)
        await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(None, tts.waiting.wait, 5), 6)
        p.feed_key("1")  # the first digit of a number, while the answer is still being made
        gate.set()
        await p.settle()
    asyncio.run(scenario())
    assert not p.player.busy and EventType.BARGE_IN in types(p)


def test_phone_audio_in_20_ms_chunks_reaches_the_recogniser_without_clicks_at_the_joins(settings):
    heard: list[np.ndarray] = []

    class Listening(ScriptedAsr):
        def recognizer(self, sample_rate=RATE, phrases=None, expect=None):
            class Rec(Recognizer):
                def _accept(self, x):
                    heard.append(x)

                def finish(self):
                    return ""
            return Rec(sample_rate)
    p = pipeline(settings, Listening(), ToneTts(), ScriptedRasa(), in_rate=8000, out_rate=8000)
    t = np.arange(8000 * 2) / 8000
    tone = (0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    loopback.run(p, np.concatenate([np.zeros(1600, np.float32), tone]), tail_s=1)
    x = np.concatenate(heard)[RATE // 2:RATE]  # half a second inside the tone, at 16 kHz
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    assert spectrum[np.abs(freqs - 1000) > 50].sum() < 1e-6 * spectrum.sum()  # per-chunk resampling: ~1e-4


def test_an_expected_answer_heard_clearly_ends_the_turn_without_the_trailing_silence(settings):
    class Answers(ScriptedAsr):
        def early_answer(self, audio16k, expect):
            return "对" if expect is not None else None
    question = [{"text": "给您订明天的午饭，对吗？"}, {"custom": {"expect": {"kind": "yes_no"}}}]
    rasa = ScriptedRasa(lambda t: question)
    slow = dataclasses.replace(settings, trailing_silence_s=1.0)
    p = pipeline(slow, Answers("订饭", "嗯嗯对的吧"), ToneTts(), rasa)
    said = np.concatenate([silence(0.3), hum(0.8), silence(6), hum(0.4)])
    loopback.run(p, said, tail_s=2, until=lambda q: len(rasa.sent) >= 2)
    assert rasa.sent == ["订饭", "对"]
    first, second = [e.at_s for e in p.events if e.type == EventType.VAD_END]
    spoke_until = len(said) / RATE
    assert second - spoke_until <= 0.4  # 对 answered within 400 ms of its end
    assert first - 1.1 >= 1.0  # while the open request waited out the whole trailing second
