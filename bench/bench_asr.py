"""ASR bench: CER per engine on shared/speech/mandarin_clips, real-time factor per stream, and how
many real-time streams 2 cores sustain (audio seconds decoded per wall second with parallel streams).

``--band`` instead compares the front end on the same clips at 16 kHz and through an 8 kHz G.711 line:
the old hand-written resampler (low-pass + interpolation) against soxr, the old energy VAD against
silero, and loudness normalisation. The clips are measured, never tuned on.

    .venv-voice/bin/python bench/bench_asr.py [--streams 2]
    .venv-voice/bin/python bench/bench_asr.py --band
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.settings import load  # noqa: E402
from voice.asr import AsrUnavailable, load_engine  # noqa: E402
from voice.asr.whisper_engine import WhisperEngine  # noqa: E402
from voice.audio import read_audio  # noqa: E402
from voice.metrics import cer  # noqa: E402

CLIPS = REPO.parent / "shared" / "speech" / "mandarin_clips"


def clips():
    with open(CLIPS / "transcripts.tsv", encoding="utf-8") as f:
        for name, ref in csv.reader(f, delimiter="\t"):
            audio, rate = read_audio(CLIPS / name)
            yield audio, rate, ref


def accuracy(engine, data) -> tuple[float, float]:
    pairs, audio_s, busy_s = [], 0.0, 0.0
    for audio, rate, ref in data:
        started = time.perf_counter()
        pairs.append((ref, engine.transcribe(audio, rate)))
        busy_s += time.perf_counter() - started
        audio_s += len(audio) / rate
    return cer(pairs), busy_s / audio_s


def throughput(engine, data, streams: int) -> float:
    """Audio seconds recognised per wall-clock second with ``streams`` callers at once."""
    audio_s = sum(len(a) / r for a, r, _ in data) * streams
    started = time.perf_counter()
    with ThreadPoolExecutor(streams) as pool:
        list(pool.map(lambda _: [engine.transcribe(a, r) for a, r, _ in data], range(streams)))
    return audio_s / (time.perf_counter() - started)


def legacy_resample(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """voice/audio.py's resampler before soxr: 63-tap windowed-sinc low-pass, then linear interpolation."""
    if src_rate == dst_rate or len(x) == 0:
        return x.astype(np.float32, copy=False)
    if dst_rate < src_rate:
        cutoff, taps = 0.45 * dst_rate / src_rate, 63
        n = np.arange(taps) - (taps - 1) / 2
        kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
        x = np.convolve(x, kernel / kernel.sum(), mode="same").astype(np.float32)
    n_out = int(round(len(x) * dst_rate / src_rate))
    return np.interp(np.arange(n_out) * (src_rate / dst_rate), np.arange(len(x)), x).astype(np.float32)


def loudness(x: np.ndarray, target_dbfs: float = -20.0) -> np.ndarray:
    """RMS of the voiced part to ``target_dbfs`` (quiet phone lines reach Whisper at a usual level)."""
    voiced = x[np.abs(x) > 0.02 * np.max(np.abs(x))]
    gain = 10 ** (target_dbfs / 20) / (np.sqrt(np.mean(voiced ** 2)) + 1e-9)
    return np.clip(x * gain, -1, 1).astype(np.float32)


def band_compare(settings, data) -> None:
    sys.path.insert(0, str(REPO / "tests" / "voice"))
    from perturb import _mulaw

    from voice.audio import resample
    from voice.vad import speech_segments

    engine = load_engine(settings, "faster-whisper")

    def heard(x16: np.ndarray, detector: str) -> str:
        return "".join(engine.decode(x16[a:b]) for a, b in speech_segments(x16, detector=detector))

    def phone(x: np.ndarray, rate: int, rs) -> np.ndarray:
        return rs(_mulaw(np.clip(rs(x, rate, 8000), -1, 1)), 8000, 16000)

    conditions = {
        "16k  energy VAD (before)": lambda a, r: heard(legacy_resample(a, r, 16000), "energy"),
        "16k  silero VAD": lambda a, r: heard(resample(a, r, 16000), "silero"),
        "16k  silero + loudness": lambda a, r: heard(loudness(resample(a, r, 16000)), "silero"),
        "8k   old resampler, energy VAD (before)": lambda a, r: heard(phone(a, r, legacy_resample), "energy"),
        "8k   old resampler, silero VAD": lambda a, r: heard(phone(a, r, legacy_resample), "silero"),
        "8k   soxr, silero VAD": lambda a, r: heard(phone(a, r, resample), "silero"),
        "8k   soxr, silero + loudness": lambda a, r: heard(loudness(phone(a, r, resample)), "silero"),
    }
    for name, run in conditions.items():
        pairs = [(ref, run(audio, rate)) for audio, rate, ref in data]
        print(f"{name:42s} CER {cer(pairs):6.1%}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=2)
    parser.add_argument("--band", action="store_true", help="16 kHz / 8 kHz G.711 front-end comparison")
    args = parser.parse_args()
    settings = load()
    if args.band:
        band_compare(settings, list(clips()))
        return
    data = list(clips())
    print(f"{len(data)} clips, {sum(len(a) / r for a, r, _ in data):.1f} s of audio")
    try:
        vosk = load_engine(settings, "vosk")
        cer, rtf = accuracy(vosk, data)
        print(f"vosk            CER {cer:6.1%}  RTF {rtf:.2f}  ({settings.vosk_model_path.name})")
    except AsrUnavailable as exc:
        print(f"vosk            skipped: {exc}")
    full = WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size, settings.asr_threads,
                         settings.asr_hotwords, context_pad_s=0)
    cer_full, rtf_full = accuracy(full, data)
    print(f"faster-whisper  CER {cer_full:6.1%}  RTF {rtf_full:.2f}  (baseline: 30 s encoder window, 1 stream, "
          f"{settings.asr_threads} threads, beam {settings.whisper_beam_size})")
    whisper = load_engine(settings, "faster-whisper")
    cer, rtf = accuracy(whisper, data)
    print(f"faster-whisper  CER {cer:6.1%}  RTF {rtf:.2f}  (utterance + {settings.whisper_context_pad_s:g} s window; "
          f"RTF {rtf / rtf_full:.2f}× the baseline)")
    parallel = WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size, threads=1,
                             hotwords=settings.asr_hotwords, workers=args.streams,
                             context_pad_s=settings.whisper_context_pad_s)
    speed = throughput(parallel, data, args.streams)
    print(f"faster-whisper  {speed:.2f} s of audio per second with {args.streams} parallel streams "
          f"(1 thread each) → sustains {int(speed)} continuous real-time streams; callers speak about half "
          f"the time, so ~{int(speed * 2)} calls")
    fast = WhisperEngine(settings.whisper_model_path, beam_size=1, threads=settings.asr_threads,
                         hotwords=settings.asr_hotwords, context_pad_s=settings.whisper_context_pad_s)
    cer, rtf = accuracy(fast, data)
    print(f"faster-whisper  CER {cer:6.1%}  RTF {rtf:.2f}  (greedy, beam 1)")


if __name__ == "__main__":
    main()
