"""Concurrent phone calls: how many callers at once still hear an answer within 1.5 s of finishing speaking.

The whole assistant runs on loopback (records, dispatch, actions, Rasa) and the hotline gateway in
its own process (``python -m voice.phone``), as deployed. For each level N, N baresip phones dial
in together (``--apart`` 0.3 s apart, so their requests end that far apart), each with a WAV file as microphone: silence while the greeting plays,
then the neural voice saying a meal request, then silence. Each phone records what it sent and
heard (baresip's sndfile module; both files start with the audio stream), and the latency per
call is measured on the caller's side: end of the caller's speech in what it sent → first answer
audio in what it heard. Prints p50/p95/max per level and the largest N with p95 <= 1.5 s.

    .venv-voice/bin/python bench/bench_calls.py [--levels 1 2 4 6 8] [--trailing-silence 1.0]

On a shared 2-core machine other work skews the figures; the load average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from assistant.processes import Server, free_port  # noqa: E402
from assistant.settings import load  # noqa: E402
from tests.support.baresip import Baresip, write_wav  # noqa: E402
from tests.support.stack import running_stack  # noqa: E402
from voice.phone.callers import greeting  # noqa: E402
from voice.tts import Tts, load_voice  # noqa: E402

GOAL_S = 1.5
REQUEST = "我想订明天的午饭"
CALLER = "13800138000"  # the seeded elder: greeted by name, the meal form starts at once
FRAME_S = 0.02


def frame_db(audio: np.ndarray, rate: int) -> np.ndarray:
    n = int(rate * FRAME_S)
    frames = audio[: len(audio) // n * n].reshape(-1, n)
    return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)


def read(path: Path) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return audio.mean(axis=1), rate


def latency(phone: Baresip, speech_starts_s: float) -> float | None:
    """Seconds from the end of the request in what the phone sent to the first answer it heard."""
    sent = sorted(phone.recordings.glob("*-enc.wav"))
    heard = sorted(phone.recordings.glob("*-dec.wav"))
    if not sent or not heard:
        return None
    sent_audio, rate = read(sent[-1])
    loud = np.flatnonzero(frame_db(sent_audio, rate) > -45)
    loud = loud[loud * FRAME_S >= speech_starts_s - 0.5]
    if not len(loud):
        return None
    speech_end = (loud[-1] + 1) * FRAME_S
    heard_db = frame_db(*read(heard[-1]))
    start = int(speech_end / FRAME_S)
    for i in range(start, len(heard_db) - 5):
        if np.all(heard_db[i:i + 5] > -45):  # 100 ms of sound: the answer has begun
            return i * FRAME_S - speech_end
    return None


def run_level(n: int, uri: str, mic: Path, speech_starts_s: float, tail_s: float, folder: Path,
              apart_s: float) -> list:
    phones = [Baresip(folder / f"n{n}-{i}", CALLER, mic).start() for i in range(n)]
    try:
        for phone in phones:
            phone.dial(uri)
            time.sleep(apart_s)
        time.sleep(speech_starts_s + tail_s)
        for phone in phones:
            phone.hang_up()
        time.sleep(2)
        return [latency(phone, speech_starts_s) for phone in phones]
    finally:
        for phone in phones:
            phone.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 2, 4, 6, 8])
    parser.add_argument("--apart", type=float, default=0.3,
                        help="seconds between the phones dialling, so between their requests ending (0: all at once)")
    parser.add_argument("--trailing-silence", type=float, default=None,
                        help="the gateway's end-of-speech silence (default: settings.trailing_silence_s)")
    args = parser.parse_args()
    settings = load()
    trailing = args.trailing_silence if args.trailing_silence is not None else settings.trailing_silence_s
    folder = Path(tempfile.mkdtemp(prefix="bench_calls_"))
    tts = Tts(load_voice(settings), settings.speaking_rate_cpm, settings.sentence_pause_s, folder / "voice")
    greeting_s = len(tts.synthesize(greeting(settings.hotline, "张建国"), 8000)) / 8000
    request = tts.synthesize(REQUEST, 8000)
    speech_starts_s = greeting_s + 2.0  # after the greeting (synthesised while the call is set up)
    tail_s = 10.0
    mic = write_wav(folder / "mic.wav", np.concatenate([np.zeros(int(speech_starts_s * 8000), np.float32), request,
                                                          np.zeros(int((tail_s + 5) * 8000), np.float32)]))
    with running_stack(folder / "stack") as stack:
        sip_port, health = free_port(), free_port()
        env = dict(stack.env, E12349_SIP_PORT=str(sip_port), E12349_HOTLINE_HEALTH_PORT=str(health),
                   E12349_SIP_MAX_CALLS=str(max(args.levels) + 2), E12349_TRAILING_SILENCE_S=str(trailing),
                   E12349_VOICE_CACHE_DIR=str(folder / "voice"))
        gateway = Server("hotline", [str(REPO / ".venv-voice" / "bin" / "python"), "-m", "voice.phone"], health,
                         env, folder).start(timeout_s=300)
        try:
            uri = f"sip:12349@127.0.0.1:{sip_port}"
            run_level(1, uri, mic, speech_starts_s, tail_s, folder / "warm-up", args.apart)  # models warm, caches filled
            print(f"hotline bench: request {REQUEST!r} ({len(request) / 8000:.1f} s) after the greeting; "
                  f"phones {args.apart:g} s apart; trailing silence {trailing:.1f} s; Whisper {settings.whisper_model_path.name} beam "
                  f"{settings.whisper_beam_size}; {os.cpu_count()} cores; load average before "
                  f"{os.getloadavg()[0]:.1f}")
            print(f"{'calls':>5} {'answered':>8} {'p50 s':>6} {'p95 s':>6} {'max s':>6}  load")
            best = 0
            for n in args.levels:
                results = run_level(n, uri, mic, speech_starts_s, tail_s, folder / f"level{n}", args.apart)
                got = np.array([r for r in results if r is not None])
                p50, p95, worst = (np.percentile(got, 50), np.percentile(got, 95), got.max()) if len(got) else (
                    float("nan"),) * 3
                print(f"{n:>5} {len(got):>5}/{n:<2} {p50:>6.2f} {p95:>6.2f} {worst:>6.2f}  {os.getloadavg()[0]:.1f}",
                      flush=True)
                if len(got) == n and p95 <= GOAL_S:
                    best = n
            print(f"largest number of concurrent calls with every caller answered and p95 <= {GOAL_S} s: {best}")
        finally:
            gateway.stop()


if __name__ == "__main__":
    main()
