"""The turn pipeline with the real engines (Whisper, the neural voice) on in-memory audio: turns, Rasa
metadata, endpointing, degradation, re-prompts, barge-in, wake word, 8 kHz. Mechanics with mock
engines are in test_pipeline.py."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import speech_seconds
from voice.asr.base import Recognizer
from voice.pipeline import EventType, State, loopback

pytestmark = pytest.mark.e2e
GAP = np.zeros(8000, np.float32)  # half a second of room silence before speech


def of(session, kind: EventType):
    return [e for e in session.events if e.type == kind]


def spoken(n: int = 1):
    """Stop condition: the n-th thing said has been played out and the pipeline listens again."""
    return lambda s: len(of(s, EventType.TTS_START)) >= n and s.state == State.LISTENING and not s.player.busy


def test_turn_reaches_rasa_and_answer_is_spoken(make_session, fake_rasa, request_audio, whisper):
    session = make_session(sender_id="caller-13800138000", metadata={"caller": "13800138000"})
    out = loopback.run(session, np.concatenate([GAP, request_audio["我想订明天的午饭"]]), tail_s=8,
                       until=spoken())
    sent = fake_rasa.requests[-1]
    assert sent["sender"] == "caller-13800138000"
    assert sent["metadata"] == {"channel": "phone", "caller": "13800138000"}
    assert "午" in sent["message"]
    states = [(e["old"], e["new"]) for e in of(session, EventType.STATE)]
    assert states[:3] == [("listening", "thinking"), ("thinking", "speaking"), ("speaking", "listening")]
    assert "已经为您" in whisper.transcribe(out, 16000)


def test_pause_mid_sentence_is_not_cut_by_the_early_decode(make_session, fake_rasa, request_audio, settings):
    """Whisper starts on the first half at the pause; the caller goes on, and the whole sentence counts."""
    shortest_end = min(settings.sentence_end_silence_s, settings.trailing_silence_s)
    pause = np.zeros(int(16000 * (settings.asr_early_decode_s + shortest_end) / 2), np.float32)
    assert settings.asr_early_decode_s < len(pause) / 16000 < shortest_end

    def voiced(audio):  # without the voice's own leading and closing silence
        loud = np.nonzero(np.abs(audio) > 0.01)[0]
        return audio[loud[0]:loud[-1]]

    session = make_session()
    said = [GAP, voiced(request_audio["我想订明天的午饭"]), pause, voiced(request_audio["老年证怎么办"])]
    loopback.run(session, np.concatenate(said),
                 tail_s=8, until=spoken())
    finals = [e["text"] for e in of(session, EventType.STT_END)]
    assert len(finals) == 1 and "午" in finals[0] and "老年" in finals[0], finals


def test_a_whole_sentence_is_answered_after_a_shorter_pause(make_session, fake_rasa, request_audio, settings):
    """When recognition closed the sentence, or the NLU is sure what the words so far ask for, the turn
    ends after sentence_end_silence_s instead of the long trailing silence kept for mid-sentence pauses."""
    class Scripted(Recognizer):
        closes, text = False, ""

        def __init__(self, rate):
            super().__init__(rate)
            self.paused = False

        def _accept(self, audio):
            return None

        def pause_heard(self):
            self.paused = True

        def speech_resumed(self):
            self.paused = False

        def sounds_finished(self):
            return self.paused and self.closes

        def early_text(self):
            return self.text if self.paused else None

        def finish(self):
            return "老年证怎么办"

    kinds = {"closed 。": dict(closes=True, text="老年证怎么办"),
             "NLU sure": dict(closes=False, text="老年证怎么办"),  # a keyword the fake Rasa is sure of
             "unsure": dict(closes=False, text="嗯那个")}
    assert settings.sentence_end_silence_s < settings.trailing_silence_s
    ends = {}
    for name, script in kinds.items():
        session = make_session()
        recognizer = type(name, (Scripted,), script)
        session.asr = type("Engine", (), {"recognizer": lambda self, rate, phrases=None, r=recognizer: r(rate)})()
        # the loopback awaits the parse started at a pause before the next frame: no sleeps needed
        loopback.run(session, np.concatenate([GAP, request_audio["老年证怎么办"]]), tail_s=6, until=spoken())
        started = of(session, EventType.VAD_START)[0].at_s
        ends[name] = of(session, EventType.VAD_END)[0].at_s - started
    shorter = settings.trailing_silence_s - settings.sentence_end_silence_s
    assert ends["unsure"] - ends["closed 。"] == pytest.approx(shorter, abs=0.05)
    assert ends["unsure"] - ends["NLU sure"] == pytest.approx(shorter, abs=0.05)
    assert "嗯那个" in fake_rasa.parsed and "老年证怎么办" in fake_rasa.parsed


def test_rasa_down_gives_spoken_apology_with_hotline(make_session, request_audio, whisper):
    session = make_session(rasa_url="http://127.0.0.1:9")  # nothing listens on port 9
    out = loopback.run(session, np.concatenate([GAP, request_audio["老年证怎么办"]]), tail_s=10,
                       until=spoken())
    assert [e["code"] for e in of(session, EventType.ERROR)] == ["intent-unavailable"]
    assert "热线" in of(session, EventType.TTS_START)[0]["text"]
    assert speech_seconds(out, 16000) > 3


@pytest.mark.parametrize("operator", [True, False])
def test_silence_reprompts_twice_then_hands_over(make_session, settings, operator):
    session = make_session(operator=operator)
    loopback.run(session, np.zeros(16000, np.float32), tail_s=40,
                 until=lambda s: bool(of(s, EventType.HAND_OVER)) and not s.player.busy)
    assert [e["count"] for e in of(session, EventType.REPROMPT)] == [1, 2]
    assert of(session, EventType.HAND_OVER)[0]["reason"] == "no_response"
    last = of(session, EventType.TTS_START)[-1]["text"]
    # a transfer is promised only where an operator exists; the hotline's own number never
    assert ("转接" in last) == operator and settings.hotline not in last


def test_barge_in_stops_playback_and_is_heard(make_session, request_audio, fake_rasa):
    session = make_session()
    loopback.run(session, np.concatenate([GAP, request_audio["我想订明天的午饭"], np.zeros(16000, np.float32)]))
    assert session.state == State.SPEAKING
    loopback.run(session, request_audio["老年证怎么办"], tail_s=3,
                 until=lambda s: s.state == State.SPEAKING)
    assert of(session, EventType.VAD_START)[-1]["barge_in"]
    assert "老年" in fake_rasa.requests[-1]["message"]


def test_wake_word_follow_up_then_back_to_idle(make_session, request_audio, fake_rasa):
    session = make_session(channel="speaker", wake_word="小安小安", metadata={"device_id": "spk-001"})
    assert session.state == State.IDLE
    loopback.run(session, np.concatenate([GAP, request_audio["我想订明天的午饭"]]), tail_s=2)
    assert not [e for e in of(session, EventType.WAKE_WORD_END) if e["wake_word"]]  # the room is ignored
    wake_then_ask = np.concatenate([GAP, request_audio["小安小安"], np.zeros(24000, np.float32),
                                    request_audio["我想订明天的午饭"]])
    loopback.run(session, wake_then_ask, tail_s=8,
                 until=spoken())
    assert [e for e in of(session, EventType.WAKE_WORD_END) if e["wake_word"]]
    assert fake_rasa.requests[-1]["metadata"] == {"channel": "speaker", "device_id": "spk-001"}
    loopback.run(session, np.concatenate([GAP, request_audio["老年证怎么办"]]), tail_s=14,
                 until=lambda s: s.state == State.IDLE)
    assert "老年" in fake_rasa.requests[-1]["message"]  # follow-up without the wake word
    assert session.state == State.IDLE  # then the follow-up window closed


def test_phone_line_at_8khz(make_session, request_audio, fake_rasa):
    from voice.audio import resample

    session = make_session(in_rate=8000, out_rate=8000)
    caller = resample(np.concatenate([GAP, request_audio["老年证怎么办"]]), 16000, 8000)
    out = loopback.run(session, caller, tail_s=10, until=spoken())
    assert "老年" in fake_rasa.requests[-1]["message"]
    assert speech_seconds(out, 8000) > 2


def test_broken_asr_still_answers_with_an_apology(make_session, request_audio):
    session = make_session()

    class Broken(Recognizer):
        def _accept(self, audio):
            return None

        def finish(self):
            raise RuntimeError("model file corrupt")

    session.asr = type("BrokenEngine", (), {"recognizer": lambda self, rate, phrases=None: Broken(rate)})()
    out = loopback.run(session, np.concatenate([GAP, request_audio["老年证怎么办"]]), tail_s=12, until=spoken())
    assert of(session, EventType.ERROR)[0]["code"] == "stt-failed"
    assert of(session, EventType.TTS_START)[0]["purpose"] == "apology" and speech_seconds(out, 16000) > 3
