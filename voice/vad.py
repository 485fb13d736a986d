"""Voice activity: a per-frame speech detector and an endpointer on top of it.

Two detectors: silero-vad (a small neural model shipped inside its PyPI package, run with onnxruntime),
and the hand-written energy + spectral-flatness one it is compared with in bench/bench_vad.py. Energy
alone fires on hiss and fans, so the hand-written one also needs a peaky spectrum (low spectral flatness):
white noise has flatness ~0.56, voiced speech < 0.2.
"""
from __future__ import annotations

import importlib.util
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .audio import ASR_RATE, FRAME_S


DEFAULT_DETECTOR = "silero"  # bench/bench_vad.py: no false starts in household noise at 10 dB, where energy fails


@dataclass
class SpeechDetector:
    min_dbfs: float = -45.0  # quieter than this is never speech
    margin_db: float = 12.0  # above the running noise floor
    max_flatness: float = 0.4
    noise_floor_db: float = -70.0

    def is_speech(self, frame: np.ndarray) -> bool:
        energy = float(np.mean(frame * frame)) + 1e-12
        db = 10 * np.log10(energy)
        # the floor follows quiet frames quickly and loud ones slowly
        rate = 0.2 if db < self.noise_floor_db else 0.002
        self.noise_floor_db += rate * (db - self.noise_floor_db)
        if db < max(self.min_dbfs, self.noise_floor_db + self.margin_db):
            return False
        power = np.abs(np.fft.rfft(frame * np.hanning(len(frame)))) ** 2 + 1e-12
        flatness = float(np.exp(np.mean(np.log(power))) / np.mean(power))
        return flatness < self.max_flatness


class SileroUnavailable(RuntimeError):
    pass


_sessions: dict[str, object] = {}
_sessions_lock = threading.Lock()


def silero_model_path() -> Path:
    # located, not imported: the package's __init__ imports torch, which the model does not need
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise SileroUnavailable("silero-vad is not installed (pip install --no-deps silero-vad)")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "silero_vad.onnx"
    if not path.is_file():
        raise SileroUnavailable(f"no silero model at {path}")
    return path


def _silero_session():
    """One ONNX session per process, single-threaded (a call is ~0.1 ms of a 32 ms chunk)."""
    import onnxruntime

    key = str(silero_model_path())
    with _sessions_lock:
        if key not in _sessions:
            opts = onnxruntime.SessionOptions()
            opts.inter_op_num_threads = opts.intra_op_num_threads = 1
            _sessions[key] = onnxruntime.InferenceSession(key, sess_options=opts, providers=["CPUExecutionProvider"])
        return _sessions[key]


@dataclass
class SileroDetector:
    """silero-vad on a stream of 20 ms frames: the model takes 32 ms chunks (512 samples with 64 samples
    of context) and keeps an RNN state, so frames are buffered and the latest probability answers."""

    on: float = 0.5  # speech starts above this probability
    off: float = 0.35  # and goes on until it falls below this
    _buf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _context: np.ndarray = field(default_factory=lambda: np.zeros(64, np.float32))
    _state: np.ndarray = field(default_factory=lambda: np.zeros((2, 1, 128), np.float32))
    _speech: bool = False

    def __post_init__(self):
        self._session = _silero_session()
        self._sr = np.array(ASR_RATE, dtype=np.int64)

    def probability(self, chunk: np.ndarray) -> float:
        x = np.concatenate([self._context, chunk])[None].astype(np.float32)
        out, self._state = self._session.run(None, {"input": x, "state": self._state, "sr": self._sr})
        self._context = chunk[-64:]
        return float(out[0, 0])

    def is_speech(self, frame: np.ndarray) -> bool:
        self._buf = np.concatenate([self._buf, frame.astype(np.float32, copy=False)])
        while len(self._buf) >= 512:
            p = self.probability(self._buf[:512])
            self._buf = self._buf[512:]
            self._speech = p >= (self.off if self._speech else self.on)
        return self._speech


def make_detector(kind: str = "silero"):
    """``silero`` (falls back to the hand-written detector when its package is missing) or ``energy``."""
    if kind == "silero":
        try:
            return SileroDetector()
        except (SileroUnavailable, ImportError):
            pass
    return SpeechDetector()


@dataclass
class Endpoint:
    kind: str  # "start" | "end"
    audio: np.ndarray | None = None  # at "start": the pre-roll, so the first syllable is not lost
    forced: bool = False  # "end" because the utterance hit its maximum length


class Endpointer:
    """Turns 16 kHz frames into speech start/end points.

    Start needs ``min_speech_s`` of mostly-speech frames (a cough or a click does
    not open an utterance); end needs ``trailing_silence_s`` without speech, long
    enough that a slow speaker's mid-sentence pause does not cut the sentence.
    """

    def __init__(self, trailing_silence_s: float = 1.0, max_utterance_s: float = 20.0,
                 min_speech_s: float = 0.16, preroll_s: float = 0.3, detector: str = DEFAULT_DETECTOR):
        self.detector = make_detector(detector)
        self.trailing = int(trailing_silence_s / FRAME_S)
        self.max_frames = int(max_utterance_s / FRAME_S)
        self.min_speech = max(1, int(min_speech_s / FRAME_S))
        self.preroll: deque[np.ndarray] = deque(maxlen=int(preroll_s / FRAME_S) + self.min_speech)
        self.window: deque[bool] = deque(maxlen=self.min_speech + 2)
        self.in_speech = False
        self.silent_frames = 0
        self.utterance_frames = 0

    def reset(self) -> None:
        self.in_speech = False
        self.silent_frames = self.utterance_frames = 0
        self.preroll.clear()
        self.window.clear()

    def end_now(self) -> None:
        """The session decided the utterance is over before the trailing silence ran out."""
        self.in_speech = False
        self.silent_frames = self.utterance_frames = 0

    def feed(self, frame: np.ndarray) -> Endpoint | None:
        speech = self.detector.is_speech(frame)
        if not self.in_speech:
            self.preroll.append(frame)
            self.window.append(speech)
            if sum(self.window) >= self.min_speech:
                self.in_speech, self.silent_frames, self.utterance_frames = True, 0, 0
                audio = np.concatenate(list(self.preroll))
                self.preroll.clear()
                self.window.clear()
                return Endpoint("start", audio)
            return None
        self.utterance_frames += 1
        self.silent_frames = 0 if speech else self.silent_frames + 1
        if self.silent_frames >= self.trailing or self.utterance_frames >= self.max_frames:
            forced = self.utterance_frames >= self.max_frames
            self.in_speech = False
            return Endpoint("end", forced=forced)
        return None


def speech_segments(x: np.ndarray, trailing_silence_s: float = 0.6, max_utterance_s: float = 20.0,
                    detector: str = DEFAULT_DETECTOR):
    """Split a whole 16 kHz recording into (start, end) sample spans of speech."""
    ep = Endpointer(trailing_silence_s, max_utterance_s, detector=detector)
    size = int(ASR_RATE * FRAME_S)
    start = None
    for i in range(0, len(x) - size + 1, size):
        point = ep.feed(x[i:i + size])
        if point and point.kind == "start":
            start = max(0, i + size - len(point.audio))
        elif point and point.kind == "end":
            yield start, i + size
            start = None
    if start is not None:
        yield start, len(x)
