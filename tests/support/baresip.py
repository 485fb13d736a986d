"""baresip (Debian's package) as a real SIP phone on loopback, for the hotline tests and bench.

Each instance gets its own config directory: SIP on a free loopback port, no registrar, G.711
only, a WAV file as its microphone (aufile), what it hears written to WAV (sndfile), commands
(dial, hangup, sndcode for keypad digits, ausrc to change the microphone) and events over ctrl_tcp
(JSON in netstrings).
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import soundfile as sf

from assistant.processes import free_port

BARESIP = shutil.which("baresip") or "/usr/bin/baresip"
MODULES = Path("/usr/lib/baresip/modules")


def write_wav(path: Path, audio: np.ndarray, rate: int = 8000) -> Path:
    sf.write(str(path), np.clip(audio, -1, 1), rate, subtype="PCM_16")
    return path


class Baresip:
    def __init__(self, home: Path, user: str, microphone: Path | None = None, auto_answer: bool = False):
        self.home, self.user = Path(home), user
        self.home.mkdir(parents=True, exist_ok=True)
        self.microphone, self.auto_answer = microphone, auto_answer
        self.recordings = self.home / "heard"
        self.recordings.mkdir(exist_ok=True)
        self.events: list[dict] = []
        self.log_path = self.home / "baresip.log"
        self.proc: subprocess.Popen | None = None

    def _configure(self) -> None:
        # baresip also opens TCP and TLS next to the UDP port: a clash there is retried with new ports
        self.sip_port, self.ctrl_port = free_port(), free_port()
        microphone, auto_answer = self.microphone, self.auto_answer
        source = f"aufile,{microphone}" if microphone else "ausine,0"
        (self.home / "config").write_text("\n".join([
            f"sip_listen 127.0.0.1:{self.sip_port}", "sip_trans_def udp",
            f"module_path {MODULES}", "module g711.so", "module aufile.so", "module ausine.so",
            "module aubridge.so", "module sndfile.so", "module ctrl_tcp.so",
            "module_app account.so", "module_app menu.so", f"audio_source {source}", "audio_player aubridge,void",
            "audio_alert aubridge,void", "ausrc_srate 8000", "auplay_srate 8000",
            f"snd_path {self.recordings}", f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}",
            "rtp_ports 30000-39999", "jitter_buffer_delay 1-5",
            "answermode auto" if auto_answer else "answermode manual", ""]))
        answer = ";answermode=auto" if auto_answer else ""
        (self.home / "accounts").write_text(f"<sip:{self.user}@127.0.0.1:{self.sip_port}>;regint=0{answer}\n")
        (self.home / "contacts").write_text("")

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.sip_port}"

    def start(self, attempts: int = 4) -> "Baresip":
        for attempt in range(attempts):
            self._configure()
            try:
                return self._start()
            except RuntimeError:
                self.stop()
                if attempt == attempts - 1 or "already in use" not in self.log_path.read_text(errors="replace"):
                    raise

    def _start(self) -> "Baresip":
        self.proc = subprocess.Popen([BARESIP, "-f", str(self.home)], stdin=subprocess.DEVNULL,
                                     stdout=open(self.log_path, "wb"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                self.ctrl = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=1)
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"baresip exited:\n{self.log_path.read_text(errors='replace')}")
                time.sleep(0.1)
        else:
            raise RuntimeError("baresip's ctrl_tcp did not open")
        self.ctrl.settimeout(0.5)
        self._reader = threading.Thread(target=self._read_events, daemon=True)
        self._reader.start()
        return self

    def _read_events(self) -> None:
        buffer = b""
        while self.proc and self.proc.poll() is None:
            try:
                data = self.ctrl.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b":" in buffer:  # netstrings: <length>:<json>,
                length, _, rest = buffer.partition(b":")
                if not length.isdigit() or len(rest) < int(length) + 1:
                    break
                message, buffer = rest[:int(length)], rest[int(length) + 1:]
                try:
                    self.events.append(json.loads(message))
                except ValueError:
                    pass

    def command(self, command: str, params: str = "", timeout: float = 5.0) -> dict:
        """Run a baresip command; returns its response, raises if baresip refused it."""
        token = uuid.uuid4().hex[:12]
        payload = json.dumps({"command": command, "params": params, "token": token}).encode()
        self.ctrl.sendall(str(len(payload)).encode() + b":" + payload + b",")
        if timeout <= 0:
            return {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = next((e for e in list(self.events) if e.get("token") == token), None)
            if response is not None:
                if not response.get("ok"):
                    raise RuntimeError(f"baresip refused {command} {params}: {response.get('data')}")
                return response
            time.sleep(0.05)
        raise RuntimeError(f"baresip did not answer {command} {params}")

    def dial(self, uri: str) -> None:
        self.command("dial", uri)

    def hang_up(self) -> None:
        self.command("hangup")

    def keys(self, digits: str, gap_s: float = 0.4) -> None:
        """Press keypad keys during a call: each goes out as an RFC 4733 telephone event."""
        for digit in digits:
            self.command("sndcode", digit)
            time.sleep(gap_s)

    def say(self, wav: Path) -> None:
        """Switch the microphone to another WAV file (8 kHz mono) in the middle of the call."""
        self.command("ausrc", f"aufile,{wav}")

    def event_types(self) -> list[str]:
        return [e.get("type", "") for e in self.events if e.get("event")]

    def wait_event(self, kind: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if kind in self.event_types():
                return True
            time.sleep(0.1)
        return False

    def heard(self) -> tuple[np.ndarray, int]:
        """What the phone heard (the decoded far end), as float samples and their rate."""
        files = sorted(self.recordings.glob("*-dec.wav"))
        if not files:
            return np.zeros(0, np.float32), 8000
        audio, rate = sf.read(str(files[-1]), dtype="float32", always_2d=True)
        return audio.mean(axis=1), rate

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                self.command("quit", timeout=0)
                self.proc.wait(timeout=3)
            except (OSError, RuntimeError, subprocess.TimeoutExpired):
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
        try:
            self.ctrl.close()
        except (AttributeError, OSError):
            pass
