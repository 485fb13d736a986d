"""Voice-turn latency in real time: end of the caller's speech → first audio sample of the answer.

Caller audio (the neural voice saying a request) is fed frame by frame at the pace of a sound card,
and a second thread drains the answer as a sound card would, so the figure is wall-clock time as a
caller would hear it, p50/p95, broken into endpointing (trailing silence), the ASR wait left at the
endpoint, Rasa and TTS (first phrase). Two configurations in the same run: Whisper starting on the
utterance at a pause (``asr_early_decode_s``) and the baseline that decodes only at the endpoint.

    .venv-voice/bin/python bench/bench_voice_turn.py [--turns 12] [--stack | --rasa-url URL] [--vad energy]

``--stack`` starts the whole assistant (records, dispatch, actions, Rasa) on loopback; without it
and without --rasa-url a tiny fake Rasa answers (tests/voice/fake_rasa.py).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "voice")]

from assistant.settings import load  # noqa: E402
from fake_rasa import FakeRasa  # noqa: E402
from voice.asr import load_engine  # noqa: E402
from voice.audio import FRAME_S  # noqa: E402
from assistant.rasa_client import RasaClient  # noqa: E402
from voice.pipeline import EventType, Pipeline, State  # noqa: E402
from voice.tts import Tts, load_voice  # noqa: E402
from voice.vad import DEFAULT_DETECTOR  # noqa: E402

REQUESTS = ["我想订明天的午饭", "老年证怎么办", "我要转人工", "帮我查一下高龄津贴"]
RATE = 16000
FRAME = int(RATE * FRAME_S)
NEVER = 1e9  # asr_early_decode_s that no pause reaches: decode only at the endpoint


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000 if values else float("nan")


def last_speech_sample(audio: np.ndarray) -> int:
    loud = np.nonzero(np.abs(audio) > 0.02)[0]
    return int(loud[-1]) if len(loud) else 0


async def one_turn(pipeline: Pipeline, request: np.ndarray) -> tuple[float, dict] | None:
    """Plays the request in real time; returns (seconds from its last spoken sample to the first
    answer sample, the run's own timing) or None if no answer came within 15 s."""
    lead = np.zeros(RATE // 2, np.float32)
    audio = np.concatenate([lead, request, np.zeros(RATE * 15, np.float32)])
    speech_end = len(lead) + last_speech_sample(request)
    stop = threading.Event()

    def sound_card_output():  # drains the player every 20 ms, as a sound card callback does
        while not stop.is_set():
            pipeline.player.read(FRAME)
            time.sleep(FRAME_S)

    drain = threading.Thread(target=sound_card_output, daemon=True)
    drain.start()
    started, ended_at = time.perf_counter(), None
    try:
        for i, at in enumerate(range(0, len(audio), FRAME)):
            delay = started + i * FRAME_S - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
            await pipeline.feed_audio(audio[at:at + FRAME])
            if ended_at is None and at + FRAME > speech_end:
                ended_at = started + (speech_end / RATE)  # when that sample reached the "microphone"
            if pipeline.player.first_sample_at and pipeline.state != State.LISTENING:
                break
        await pipeline.settle()  # the rest of the answer: its run-end carries the timing
    finally:
        stop.set()
        drain.join()
    timing = next((e.data for e in pipeline.events if e.type == EventType.RUN_END and "nlu_s" in e.data), None)
    if not pipeline.player.first_sample_at or timing is None:
        return None
    return pipeline.player.first_sample_at - ended_at, timing


def before_turn(old, settings, asr, tts, url: str, request: np.ndarray, sender: str) -> tuple[float, dict] | None:
    """The same turn through the voice session as it was before the pipeline (``--before``): its
    synchronous feed() on this thread, the output drained by another, as its own bench did."""
    session = old.session.VoiceSession(asr, tts, old.session.RasaClient(url, settings.rasa_timeout_s), settings,
                                       channel="phone", sender_id=sender, metadata={"caller_id": "13800138000"})
    lead = np.zeros(RATE // 2, np.float32)
    audio = np.concatenate([lead, request, np.zeros(RATE * 15, np.float32)])
    speech_end, stop = len(lead) + last_speech_sample(request), threading.Event()

    def sound_card_output():
        while not stop.is_set():
            session.player.read(FRAME)
            time.sleep(FRAME_S)

    drain = threading.Thread(target=sound_card_output, daemon=True)
    drain.start()
    started = time.perf_counter()
    try:
        for i, at in enumerate(range(0, len(audio), FRAME)):
            time.sleep(max(0.0, started + i * FRAME_S - time.perf_counter()))
            session.feed(audio[at:at + FRAME])
            if session.player.first_sample_at and session.state.value != "listening":
                break
    finally:
        stop.set()
        drain.join()
    timing = next((e for e in session.events if type(e).__name__ == "TurnTiming"), None)
    if not session.player.first_sample_at or timing is None:
        return None
    return session.player.first_sample_at - (started + speech_end / RATE), vars(timing)


def run(label: str, settings, asr, tts, url: str, turns: int, caller: dict, vad: str, old=None) -> list[tuple]:
    """``old``: the package of the code before the pipeline; its turns are measured instead."""
    rows = []
    for i in range(turns):
        tts._memory.clear()  # every answer synthesized afresh, as for a new reply
        sender, request = f"bench-{label}-{i}-{time.time_ns()}", caller[REQUESTS[i % len(REQUESTS)]]
        pipeline = Pipeline(asr, tts, RasaClient(url, settings.rasa_timeout_s), settings, channel="phone",
                            sender_id=sender, metadata={"caller_id": "13800138000"}, vad=vad)
        if old is not None:
            result = before_turn(old, settings, asr, tts, url, request, sender)
        else:
            result = asyncio.run(one_turn(pipeline, request))
        if result is None:
            heard = [e["text"] for e in pipeline.events if e.type == EventType.STT_END]
            outcome = [e["outcome"] for e in pipeline.events if e.type == EventType.RUN_END]
            print(f"  {label} turn {i}: no answer (heard {heard}, runs {outcome})", flush=True)
            continue
        total, t = result
        rows.append((total, t["asr_s"], t["nlu_s"], t["tts_s"]))
        print(f"  {label} turn {i}: {total * 1000:.0f} ms (asr wait {t['asr_s'] * 1000:.0f}, "
              f"rasa {t['nlu_s'] * 1000:.0f}, tts {t['tts_s'] * 1000:.0f})", flush=True)
    return rows


def report(label: str, rows: list[tuple], trailing_s: float, settings_sentence_s: float) -> float:
    print(f"\n{label}: {len(rows)} turns")
    names = ["speech end → first answer sample", "  ASR wait at endpoint", "  Rasa", "  TTS to first audio",
             "  endpointing (silence waited)"]
    waited = [r[0] - sum(r[1:]) for r in rows]  # the rest: the pause the session waited for
    for name, values in zip(names, [*zip(*rows), waited]):
        print(f"  {name:34s} p50 {pct(values, 50):6.0f} ms   p95 {pct(values, 95):6.0f} ms")
    print(f"  (trailing silence {trailing_s:g} s; a sentence ASR closed with 。/？ ends after "
          f"{settings_sentence_s:g} s)")
    return pct([r[0] for r in rows], 95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--rasa-url", default="")
    parser.add_argument("--stack", action="store_true", help="start the whole assistant on loopback")
    parser.add_argument("--vad", default=DEFAULT_DETECTOR, choices=["silero", "energy"], help="speech detector")
    parser.add_argument("--before", type=Path, help="a folder holding voice_old, the voice package before the "
                        "pipeline (git archive b3b8326 voice, renamed): compared turn by turn in this run")
    args = parser.parse_args()
    settings = load()
    asr = load_engine(settings)
    tts = Tts(load_voice(settings), settings.speaking_rate_cpm, settings.sentence_pause_s)
    caller = {text: tts.synthesize(text, RATE) for text in REQUESTS}
    with contextlib.ExitStack() as stack:
        if args.stack:
            from tests.support.stack import running_stack

            url = stack.enter_context(running_stack(Path(stack.enter_context(tempfile.TemporaryDirectory())))).url(
                "rasa")
        elif args.rasa_url:
            url = args.rasa_url
        else:
            url = stack.enter_context(FakeRasa()).url
        print(f"ASR {asr.name}, voice {tts.voice.name}, VAD {args.vad}, Rasa {'stack' if args.stack else url}, "
              f"trailing silence {settings.trailing_silence_s} s", flush=True)
        run("warm-up", settings, asr, tts, url, 2, caller, args.vad)
        if args.before:  # before and after alternate, so both meet the same machine load
            sys.path.insert(0, str(args.before))
            old = importlib.import_module("voice_old")
            importlib.import_module("voice_old.session")
            after, before = [], []
            for _ in range(args.turns):
                after += run("pipeline", settings, asr, tts, url, 1, caller, args.vad)
                before += run("before", settings, asr, tts, url, 1, caller, args.vad, old=old)
            p95_after = report("the turn pipeline", after, settings.trailing_silence_s, settings.sentence_end_silence_s)
            p95_before = report("before: VoiceSession (synchronous feed)", before, settings.trailing_silence_s,
                                settings.sentence_end_silence_s)
            print(f"\np50 pipeline / before: {pct([r[0] for r in after], 50) / pct([r[0] for r in before], 50):.2f}"
                  f"   p95: {p95_after / p95_before:.2f}")
            return
        early = run("early", settings, asr, tts, url, args.turns, caller, args.vad)
        baseline = run("endpoint-only", dataclasses.replace(settings, asr_early_decode_s=NEVER,
                                                            sentence_end_silence_s=0), asr, tts, url,
                       args.turns, caller, args.vad)
    p95_early = report(f"Whisper starts at a {settings.asr_early_decode_s} s pause", early,
                       settings.trailing_silence_s, settings.sentence_end_silence_s)
    p95_base = report("baseline: Whisper starts at the endpoint", baseline, settings.trailing_silence_s, 0)
    print(f"\np95 early / baseline: {p95_early / p95_base:.2f}")


if __name__ == "__main__":
    main()
