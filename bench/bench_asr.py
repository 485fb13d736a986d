"""ASR bench: CER per engine on shared/speech/mandarin_clips, real-time factor per stream, and how
many real-time streams 2 cores sustain (audio seconds decoded per wall second with parallel streams).

    .venv-voice/bin/python bench/bench_asr.py [--streams 2]
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=2)
    args = parser.parse_args()
    settings = load()
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
