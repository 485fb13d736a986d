"""Smart-speaker mode: ``python -m voice.speaker`` runs the turn pipeline on the sound card.

Wake word (settings.wake_word, 小安小安) → earcon → request → Rasa → spoken
answer; follow-up questions need no wake word for settings.follow_up_s. The
speaker is bound to an elder by settings.device_id, sent to Rasa signed with the
speaker's own settings.device_secret (Rasa's registry: settings.speaker_secrets);
an id alone proves nothing, so without the secret the conversation is anonymous.
"""
from __future__ import annotations

import argparse
import logging
import signal
import threading

from assistant.settings import load

from assistant.rasa_client import RasaClient

from .asr import load_engine
from .pipeline import Pipeline
from .pipeline.prompts import fixed_prompts
from .sound_io import SoundCardLoop
from .tts import Tts, load_voice

log = logging.getLogger("voice.speaker")


def build_pipeline(settings, on_event=None, rate: int = 16000) -> Pipeline:
    asr = load_engine(settings)
    tts = Tts(load_voice(settings), settings.speaking_rate_cpm, settings.sentence_pause_s,
              settings.voice_cache_dir)
    for prompt in fixed_prompts(settings.hotline):  # cached before the first caller needs them
        tts.synthesize(prompt, rate, persist=True)
    device = settings.device_id or "unbound"
    log.info("ASR %s, voice %s, device %s", asr.name, tts.voice.name, device)
    return Pipeline(asr, tts, RasaClient.from_settings(settings), settings, channel="speaker",
                    sender_id=f"speaker-{device}", metadata={"device_id": settings.device_id}, in_rate=rate,
                    out_rate=rate, wake_word=settings.wake_word, on_event=on_event)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: run until Ctrl-C)")
    parser.add_argument("--rate", type=int, default=16000, help="sound card sample rate")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = load()
    pipeline = build_pipeline(settings, on_event=lambda e: print(e.type.value, e.data, flush=True), rate=args.rate)
    loop = SoundCardLoop(pipeline, settings.audio_input_device, settings.audio_output_device, args.rate).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    print("ready", flush=True)
    done.wait(args.seconds or None)
    loop.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
