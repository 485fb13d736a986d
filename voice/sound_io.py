"""The sound card through sounddevice: a full-duplex stream whose callback only moves frames.

The callback (audio thread) must never block: it hands input to the pipeline's event loop and
fills output from the pipeline's player; a worker thread runs that loop.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time

from .audio import FRAME_S

log = logging.getLogger("voice.sound_io")


def _device(name: str):
    if not name:
        return None
    return int(name) if name.isdigit() else name


class SoundCardLoop:
    MAX_BACKLOG = 3000  # a minute of 20 ms frames

    def __init__(self, pipeline, input_device: str = "", output_device: str = "", rate: int = 16000):
        import sounddevice as sd

        self.pipeline, self.rate = pipeline, rate
        self._loop = asyncio.new_event_loop()
        self.frames: asyncio.Queue = asyncio.Queue()
        self._open = lambda: sd.Stream(samplerate=rate, blocksize=int(rate * FRAME_S), channels=1,
                                       dtype="float32", device=(_device(input_device), _device(output_device)),
                                       callback=self._callback)
        self.stream = self._open()
        self.reopened = 0
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._run, name="voice-pipeline", daemon=True)
        self.error: BaseException | None = None

    def _callback(self, indata, outdata, frames, time_info, status) -> None:
        if self.frames.qsize() < self.MAX_BACKLOG:  # a minute behind: drop input rather than block
            self._loop.call_soon_threadsafe(self.frames.put_nowait, indata[:, 0].copy())
        outdata[:, 0] = self.pipeline.player.read(frames)

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._main())
        except BaseException as exc:  # surfaced by stop(); the loop must not die silently
            self.error = exc

    async def _main(self) -> None:
        while not self._stop.is_set():
            try:
                await self.pipeline.feed_audio(await asyncio.wait_for(self.frames.get(), 0.1))
            except asyncio.TimeoutError:
                await asyncio.get_running_loop().run_in_executor(None, self._revive)

    def _revive(self) -> None:
        """No input for a while: if the audio device dropped the stream (an ALSA/PulseAudio hiccup),
        open it again, or the speaker would stay deaf and mute until restarted."""
        if self._stop.is_set() or self.stream.active:
            return
        log.warning("sound stream stopped; reopening it")
        try:
            self.stream.close()
            self.stream = self._open()
            self.stream.start()
            self.reopened += 1
        except Exception as exc:  # the device is still gone: try again on the next quiet moment
            log.warning("sound device not back yet: %s", exc)
            time.sleep(1.0)

    def start(self) -> "SoundCardLoop":
        self.stream.start()
        self._worker.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.stream.stop()
        self.stream.close()
        self._worker.join(timeout=5)
        if self.error:
            raise self.error
