"""One phone call: RTP media, a turn pipeline, keypad, hand-over (REFER) and its record.

Hand-over is told truthfully: a transfer only with an operator configured; a transfer that fails
keeps the call going (Rasa offers a call-back, or an emergency dialogue simply goes on); the caller
who dialled the hotline is never told to dial it.

Threads: RTP receive and send (rtp.py), and one worker running this call's event loop, which owns
the pipeline: audio and digits reach it through ``audio()`` / ``key()`` (thread-safe); recognition
and synthesis run in the pipeline's pools, so neither stalls the media nor the barge-in.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

import numpy as np

from assistant.rasa_client import RasaClient

from ..pipeline import EventType, Pipeline, prompts
from ..pipeline import events as ev
from . import callers
from .dialog import Dialog
from .rtp import RtpStream

log = logging.getLogger(__name__)
CHINA = timezone(timedelta(hours=8))
ORDER_ID = re.compile(r"^\d{8}$")
MEDIA_TIMEOUT_S = 30.0  # no RTP at all for this long: the caller is gone without a BYE
TRANSFER_TIMEOUT_S = 15.0
IDLE_FEED_S = 0.2
RATE = 8000


def china_now() -> str:
    return datetime.now(CHINA).replace(tzinfo=None).isoformat(timespec="seconds")


class Call:
    def __init__(self, dialog: Dialog, caller: str, rtp: RtpStream | None, shared, *,
                 refer: Callable[["Call"], bool], hang_up: Callable[["Call"], None],
                 on_finished: Callable[["Call"], None]):
        """``shared`` carries what all calls share: settings, asr, tts, call_log.
        ``refer(call)`` transfers to the operator (True when the operator took it), ``hang_up(call)``
        sends BYE, ``on_finished(call)`` tells the gateway the call is over."""
        self.dialog, self.caller, self.shared = dialog, caller, shared
        self.settings = shared.settings
        self.refer, self.hang_up, self.on_finished = refer, hang_up, on_finished
        self.started_at = china_now()
        self.order_ids: list[str] = []
        self.handed_over = self.transferred = self.emergency = False
        self.ended_by = ""  # caller | gateway | timeout
        self.turns = 0
        self.answer_times: list[float] = []  # wall clock of the first answer sample, per turn
        self._over = threading.Event()
        self._last_media = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._inbox: asyncio.Queue = asyncio.Queue()
        self.sender_id = f"phone-{caller or 'anon'}-{dialog.call_id[:24]}"
        # this gateway's settings: its token reads the tracker, its hotline secret signs the caller ID
        self.pipeline = Pipeline(
            shared.asr, shared.tts, RasaClient.from_settings(self.settings), self.settings, channel="phone",
            sender_id=self.sender_id, metadata={"caller_id": caller} if caller else {}, in_rate=RATE,
            out_rate=RATE, hang_up_on_hand_over=True, keypad=True, operator=bool(self.settings.sip_operator_uri),
            on_event=self._event, workers=getattr(shared, "workers", None))
        self.rtp = rtp
        if rtp is not None:
            rtp.source, rtp.on_audio, rtp.on_digit = self.pipeline.player.read, self.audio, self.key
        self._worker = threading.Thread(target=self._run, name=f"call-{dialog.call_id[:8]}", daemon=True)

    # ---- life cycle ---------------------------------------------------------
    def start(self) -> None:
        if self.rtp is not None:
            self.rtp.start()
        self._worker.start()

    def caller_hung_up(self) -> None:
        self.end("caller")

    def audio(self, samples: np.ndarray) -> None:
        """Caller audio at 8 kHz (any thread)."""
        self._last_media = time.monotonic()
        self._put(samples)

    def key(self, digit: str) -> None:
        """A keypad digit, by RTP event or SIP INFO (any thread)."""
        self._put(digit)

    def _put(self, item) -> None:
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._inbox.put_nowait, item)

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._main())
        except Exception:
            log.exception("call %s failed", self.dialog.call_id)
            self.hang_up(self)
            self.end("gateway")
        finally:
            self._loop.run_until_complete(self.pipeline.rasa.aclose())
            self._loop.close()

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        name = await loop.run_in_executor(None, callers.elder_name, self.settings.records_url,
                                          self.settings.api_token, callers.phone_number(self.caller))
        greeting = loop.create_task(self.pipeline.greet(callers.greeting(self.settings.hotline, name)))
        while not self._over.is_set():
            try:
                item = await asyncio.wait_for(self._inbox.get(), IDLE_FEED_S)
            except asyncio.TimeoutError:
                if time.monotonic() - self._last_media > MEDIA_TIMEOUT_S:
                    log.warning("call %s: no media for %.0f s", self.dialog.call_id, MEDIA_TIMEOUT_S)
                    await loop.run_in_executor(None, self.hang_up, self)
                    self.end("timeout")
                    break
                # no audio from the caller (on hold, send-only): the pipeline's clock still runs
                item = np.zeros(int(RATE * IDLE_FEED_S), np.float32)
            await self._handle(item)
            if self.pipeline.ended and await self._hand_over_call():
                break
        greeting.cancel()

    async def _handle(self, item) -> None:
        if isinstance(item, str):
            self.pipeline.feed_key(item)
            return
        chunks = [item]
        while not self._inbox.empty():  # a backlog is fed in one go
            more = self._inbox.get_nowait()
            if isinstance(more, str):
                await self.pipeline.feed_audio(np.concatenate(chunks))
                self.pipeline.feed_key(more)
                chunks = []
            else:
                chunks.append(more)
        if chunks:
            await self.pipeline.feed_audio(np.concatenate(chunks))

    async def _hand_over_call(self) -> bool:
        """The pipeline ended its part: transfer to the operator (True: the call is over for us). A transfer
        that failed goes back to the conversation (False): Rasa is told no operator is free and offers a
        call-back; in an emergency the dialogue just goes on. Without an operator (silence after the
        re-prompts) the gateway hangs up."""
        loop = asyncio.get_running_loop()
        if self._over.is_set():
            return True
        if self.pipeline.operator:  # configured, and no transfer has failed in this call
            self.transferred = await loop.run_in_executor(None, self.refer, self)
            if not self.transferred and not self._over.is_set():
                self.pipeline.operator = False  # no second attempt in this call
                if self.emergency:
                    await self.pipeline.resume()
                else:
                    await self.pipeline.resume(prompts.ASK_FOR_HUMAN, {"operator_unavailable": True})
                return False
        if not self._over.is_set():
            await loop.run_in_executor(None, self.hang_up, self)
        self.end("gateway")
        return True

    def end(self, by: str) -> None:
        """The call is over (any thread): media stops, the record is written once."""
        if self._over.is_set():
            return
        self._over.set()
        self.ended_by = by
        if self.rtp is not None:
            self.rtp.stop()
        record = {"caller": self.caller or "anonymous", "channel": "phone", "started_at": self.started_at,
                  "ended_at": china_now(), "outcome": self.outcome(), "order_ids": self.order_ids[:20]}
        log.info("call %s over: %s", self.dialog.call_id, json.dumps(record, ensure_ascii=False))
        self.shared.call_log.record(record)
        self.on_finished(self)

    def wait(self, timeout: float | None = None) -> bool:
        return self._over.wait(timeout)

    # ---- outcome ------------------------------------------------------------
    def outcome(self) -> str:
        """What happened, for the call record: handed_over, rasa_unavailable (the caller heard an
        apology instead of an answer), abandoned (before being served, or inside a form), served."""
        if self.handed_over:
            return "handed_over"
        if self.pipeline.rasa_failures:
            return "rasa_unavailable"
        if self.turns == 0 or self._form_open():
            return "abandoned"
        return "served"

    def _form_open(self) -> bool:
        """Is a Rasa form still active in this call's conversation? Asks the tracker (Rasa's token);
        if Rasa cannot say, an open question (an expected answer) counts as open."""
        tracker = self.pipeline.rasa.tracker(self.sender_id)
        if tracker is not None:
            return bool((tracker.get("active_loop") or {}).get("name"))
        return self.pipeline.expect is not None or prompts.expects_answer(self.pipeline.last_answer)

    # ---- pipeline events ----------------------------------------------------
    def _event(self, event: ev.Event) -> None:
        if event.type == EventType.INTENT_START:
            self.turns += 1
        elif event.type == EventType.INTENT_END:
            reply = event["reply"]
            for custom in reply.custom:
                order_id = str(custom.get("order_id") or "")
                if ORDER_ID.match(order_id) and order_id not in self.order_ids:
                    self.order_ids.append(order_id)
            if any(custom.get("reason") == "emergency" for custom in reply.custom):
                # the P0 order is made and the answer says help is coming: transfer right after it
                # where an operator exists, else the line stays open
                self.emergency = True
        elif event.type == EventType.HAND_OVER:
            self.handed_over = True
        elif event.type == EventType.TTS_START and event["purpose"] in (ev.ANSWER, ev.GREETING):
            self.answer_times.append(time.time())
        log.debug("call %s: %s %s", self.dialog.call_id, event.type.value, event.data)
