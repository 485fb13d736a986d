"""Voice-turn latency: end of the caller's speech → first audio sample of the answer, p50/p95,
broken into endpointing (trailing silence), ASR, Rasa and TTS (first sentence).

    .venv-voice/bin/python bench/bench_voice_turn.py [--turns 10] [--rasa-url http://127.0.0.1:5005]

Without --rasa-url a tiny fake Rasa on loopback answers (tests/voice/fake_rasa.py).
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "voice")]

from assistant.settings import load  # noqa: E402
from fake_rasa import FakeRasa  # noqa: E402
from voice.asr import load_engine  # noqa: E402
from voice.session import RasaClient, State, VoiceSession, loopback  # noqa: E402
from voice.session import events as ev  # noqa: E402
from voice.tts import Tts, load_voice  # noqa: E402

REQUESTS = ["我想订明天的午饭", "老年证怎么办", "我要转人工", "帮我查一下高龄津贴"]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--rasa-url", default="")
    args = parser.parse_args()
    settings = load()
    asr = load_engine(settings)
    tts = Tts(load_voice(settings), settings.speaking_rate_cpm, settings.sentence_pause_s)
    caller = {text: tts.synthesize(text, 16000) for text in REQUESTS}
    rows = []
    with (contextlib.nullcontext() if args.rasa_url else FakeRasa()) as fake:
        url = args.rasa_url or fake.url
        for i in range(args.turns):
            tts._memory.clear()  # every answer synthesized afresh, as for a new reply
            session = VoiceSession(asr, tts, RasaClient(url, settings.rasa_timeout_s), settings,
                                   channel="phone", sender_id=f"bench-{i}")
            audio = np.concatenate([np.zeros(8000, np.float32), caller[REQUESTS[i % len(REQUESTS)]]])
            loopback.run(session, audio, tail_s=settings.trailing_silence_s + 3,
                         until=lambda s: s.state == State.SPEAKING)
            timing = next((e for e in session.events if isinstance(e, ev.TurnTiming)), None)
            if timing:
                rows.append((settings.trailing_silence_s, timing.asr_s, timing.nlu_s, timing.tts_s))
    print(f"{len(rows)} turns, ASR {asr.name}, voice {tts.voice.name}, Rasa {args.rasa_url or 'fake'}")
    names = ["endpoint", "asr", "rasa", "tts", "total"]
    columns = list(zip(*rows)) + [[sum(r) for r in rows]]
    for name, values in zip(names, columns):
        print(f"{name:9s} p50 {pct(values, 50) * 1000:7.0f} ms   p95 {pct(values, 95) * 1000:7.0f} ms")
    print(f"(median processing after the endpoint: {statistics.median(sum(r[1:]) for r in rows) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
