"""How a caller's audio really arrives: slower, lower, over household noise, through a G.711 phone line.
Shared by the expected-answer, VAD and ASR tests and benches; deterministic (seeded)."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from voice.audio import resample

RATE = 16000


def _sox(x: np.ndarray, *effect: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        sf.write(src, x, RATE, subtype="FLOAT")
        subprocess.run(["sox", str(src), str(dst), *effect], check=True, capture_output=True)
        y, _ = sf.read(dst, dtype="float32")
    return y


def slower(x: np.ndarray, factor: float = 0.8) -> np.ndarray:
    return _sox(x, "tempo", "-s", str(factor))


def lower(x: np.ndarray, semitones: float = -3) -> np.ndarray:
    return _sox(x, "pitch", str(int(semitones * 100)))


def household_noise(n: int, seed: int = 0) -> np.ndarray:
    """Brown-ish rumble, a hum and TV-like babble bursts (filtered noise modulated at syllable rate)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / RATE
    rumble = np.cumsum(rng.standard_normal(n))
    rumble -= np.convolve(rumble, np.ones(400) / 400, mode="same")
    hum = 0.3 * np.sin(2 * np.pi * 50 * t) + 0.15 * np.sin(2 * np.pi * 150 * t)
    babble = np.convolve(rng.standard_normal(n), np.hanning(24), mode="same")
    babble *= 0.5 + 0.5 * np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)) ** 2
    noise = rumble / (np.std(rumble) + 1e-9) + hum + babble / (np.std(babble) + 1e-9)
    return (noise / np.std(noise)).astype(np.float32)


def with_noise(x: np.ndarray, snr_db: float = 15, seed: int = 0, lead_s: float = 0.0) -> np.ndarray:
    """Noise at ``snr_db`` under the speech (speech power measured where it is voiced)."""
    voiced = x[np.abs(x) > 0.02 * np.max(np.abs(x))] if len(x) else x
    power = float(np.mean(voiced ** 2)) if len(voiced) else 1e-4
    pad = int(lead_s * RATE)
    y = np.concatenate([np.zeros(pad, np.float32), x, np.zeros(pad, np.float32)])
    noise = household_noise(len(y), seed) * np.sqrt(power / 10 ** (snr_db / 10))
    return np.clip(y + noise, -1, 1).astype(np.float32)


def _mulaw(x: np.ndarray) -> np.ndarray:
    mu = 255.0
    y = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)
    q = np.round(y * 127) / 127  # 8 bits
    return (np.sign(q) * ((1 + mu) ** np.abs(q) - 1) / mu).astype(np.float32)


def phone_line(x: np.ndarray, loss: float = 0.0, seed: int = 0) -> np.ndarray:
    """8 kHz G.711 μ-law round trip, optionally with 20 ms packets lost (concealed as silence);
    returned at 8 kHz, as the gateway hands it on."""
    y = _mulaw(np.clip(resample(x, RATE, 8000), -1, 1))
    if loss:
        rng = np.random.default_rng(seed)
        for start in range(0, len(y), 160):
            if rng.random() < loss:
                y[start:start + 160] = 0
    return y


PERTURBATIONS = {
    "clean": lambda x: (x, RATE),
    "slow0.8": lambda x: (slower(x), RATE),
    "pitch-3": lambda x: (lower(x), RATE),
    "noise15dB": lambda x: (with_noise(x, 15), RATE),
    "g711": lambda x: (phone_line(x), 8000),
    "noise10dB+g711": lambda x: (phone_line(with_noise(x, 10, seed=1)), 8000),
}
