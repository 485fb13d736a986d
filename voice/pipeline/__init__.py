"""The turn pipeline every channel runs on: live audio, keys, typed text and voice notes in; stage
events and answer audio out. Modelled on Home Assistant's assist_pipeline (stages wake → VAD → STT →
intent → TTS, each emitting ``*-start`` / ``*-end``, errors as typed codes) and Wyoming's events
(audio chunks carry their own rate, width and channels).

Adapter API (one Pipeline per conversation; all coroutines run on the adapter's event loop)::

    p = Pipeline(asr, tts, RasaClient.from_settings(settings), settings, channel="phone",
                 sender_id=…, metadata={"caller_id": …}, in_rate=8000, out_rate=8000,
                 keypad=True, operator=True, hang_up_on_hand_over=True, on_event=callback)

    # live audio (phone, speaker)
    await p.feed_audio(AudioChunk(pcm_bytes, rate=8000, width=2))   # or samples at in_rate
    p.player.read(n)             # the answer audio, n samples at out_rate (a sound card / RTP pulls it)
    p.feed_key("5")              # keypad: 0 human, * repeat (Rasa decides), digits + #, 1-3 for choices
    await p.greet(text); await p.resume(text, extra_metadata)   # the channel speaks first / goes on
    p.ended                      # phone: hand-over said and played → transfer or hang up now

    # typed text (widget, terminal chat)
    reply = await p.run_text("我想订午饭")          # assistant.rasa_client.Reply, None if Rasa is down
    # a recorded voice note (widget)
    heard, reply = await p.run_audio_clip(samples, rate)   # STT with the last ``expect``, then intent
    audio = await p.speak(reply)                            # the reply as one recording (slower if asked)

    p.events                     # every Event (events.py): type, data, at_s (seconds of input audio)
    loopback.run(p, audio, tail_s)   # in-memory audio in lockstep, for tests and benches

The last ``expect`` payload of a reply (``p.expect``) goes to the recogniser (``expect=`` where an
engine accepts it) and to the keypad (voice.expect.key_to_text). Rasa decides what is said, when to
repeat (slower: ``speech_rate``) and when to hand over; the pipeline reads its custom payloads.
"""
from . import events, loopback, prompts
from .chunk import AudioChunk
from .events import ErrorCode, Event, EventType
from .machine import State
from .pipeline import Pipeline
from .workers import Workers

__all__ = ["AudioChunk", "ErrorCode", "Event", "EventType", "Pipeline", "State", "Workers", "events", "loopback",
           "prompts"]
