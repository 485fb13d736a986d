"""PulseAudio with a virtual speaker (sink ``spk``) and microphone (source ``mic`` fed by sink ``micsink``)."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


class VirtualSoundCard:
    def __init__(self, runtime_dir: Path):
        self.env = {**os.environ, "PULSE_RUNTIME_PATH": str(runtime_dir), "PULSE_SOURCE": "mic",
                    "PULSE_SINK": "spk"}

    def __enter__(self) -> "VirtualSoundCard":
        subprocess.run(
            ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n",
             "--load=module-null-sink sink_name=spk", "--load=module-null-sink sink_name=micsink",
             "--load=module-native-protocol-unix",
             "--load=module-remap-source source_name=mic master=micsink.monitor"],
            env=self.env, check=True, capture_output=True, timeout=20)
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        os.environ.update({k: self.env[k] for k in ("PULSE_RUNTIME_PATH", "PULSE_SOURCE", "PULSE_SINK")})
        return self

    def play_into_mic(self, wav: Path) -> subprocess.Popen:
        return subprocess.Popen(["paplay", "--device=micsink", str(wav)], env=self.env)

    def record_speaker(self, wav: Path) -> subprocess.Popen:
        return subprocess.Popen(["parecord", "--device=spk.monitor", "--channels=1", "--rate=16000",
                                 "--file-format=wav", str(wav)], env=self.env)

    def __exit__(self, *exc) -> None:
        subprocess.run(["pulseaudio", "--kill"], env=self.env, capture_output=True, timeout=20)


def available() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "paplay", "parecord", "pactl"))
