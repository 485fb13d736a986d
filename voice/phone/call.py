"""One phone call: RTP media, a VoiceSession, keypad, hand-over (REFER) and its record.

Hand-over is told truthfully: a transfer only with an operator configured; a transfer that fails
keeps the call going (Rasa offers a call-back, or an emergency dialogue simply goes on); the caller
who dialled the hotline is never told to dial it.

Threads: RTP receive and send (rtp.py) and one worker that owns the session — audio and
digits reach it through a queue, so recognition, Rasa and synthesis never stall the media.
"""
from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from typing import Callable

import numpy as np

from ..session import RasaClient, VoiceSession
from ..session import events as ev
from ..session import prompts
from ..session.machine import State
from . import callers
from .dialog import Dialog
from .rtp import RtpStream

log = logging.getLogger(__name__)
CHINA = timezone(timedelta(hours=8))
ORDER_ID = re.compile(r"^\d{8}$")
MEDIA_TIMEOUT_S = 30.0  # no RTP at all for this long: the caller is gone without a BYE
TRANSFER_TIMEOUT_S = 15.0
IDLE_FEED_S = 0.2


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
        self.inbox: queue.Queue = queue.Queue()
        self._over = threading.Event()
        self._last_media = time.monotonic()
        self.sender_id = f"phone-{caller or 'anon'}-{dialog.call_id[:24]}"
        operator = self.settings.sip_operator_uri
        # this gateway's settings: its token reads the tracker, its hotline secret signs the caller ID
        nlu = RasaClient(self.settings.rasa_url, self.settings.rasa_timeout_s, settings=self.settings)
        self.session = VoiceSession(
            shared.asr, shared.tts, nlu, self.settings, channel="phone", sender_id=self.sender_id,
            metadata={"caller_id": caller} if caller else {}, in_rate=8000, out_rate=8000,
            hang_up_on_hand_over=True, keypad=True, operator=bool(operator), on_event=self._event)
        self.rtp = rtp
        if rtp is not None:
            rtp.source, rtp.on_audio, rtp.on_digit = self.session.player.read, self._audio, self.inbox.put
        self._worker = threading.Thread(target=self._run, name=f"call-{dialog.call_id[:8]}", daemon=True)

    # ---- life cycle ---------------------------------------------------------
    def start(self) -> None:
        if self.rtp is not None:
            self.rtp.start()
        self._worker.start()

    def caller_hung_up(self) -> None:
        self._finish("caller")

    def _audio(self, samples: np.ndarray) -> None:
        self._last_media = time.monotonic()
        self.inbox.put(samples)

    def _run(self) -> None:
        try:
            name = callers.elder_name(self.settings.records_url, self.settings.api_token,
                                      callers.phone_number(self.caller))
            self.session.greet(callers.greeting(self.settings.hotline, name))
            while not self._over.is_set():
                try:
                    item = self.inbox.get(timeout=IDLE_FEED_S)
                except queue.Empty:
                    if time.monotonic() - self._last_media > MEDIA_TIMEOUT_S:
                        log.warning("call %s: no media for %.0f s", self.dialog.call_id, MEDIA_TIMEOUT_S)
                        self.hang_up(self)
                        self._finish("timeout")
                        return
                    # no audio from the caller (on hold, send-only): the session's clock still runs
                    item = np.zeros(int(8000 * IDLE_FEED_S), np.float32)
                self._handle(item)
                if self.session.state == State.ENDED and not self.session.player.busy:
                    if self._hand_over_call():
                        return
        except Exception:
            log.exception("call %s failed", self.dialog.call_id)
            self.hang_up(self)
            self._finish("gateway")

    def _handle(self, item) -> None:
        if isinstance(item, str):
            self.session.dtmf(item)
            return
        chunks = [item]
        while True:  # a backlog built up while thinking is fed in one go
            try:
                more = self.inbox.get_nowait()
            except queue.Empty:
                break
            if isinstance(more, str):
                self.session.feed(np.concatenate(chunks))
                self.session.dtmf(more)
                chunks = []
            else:
                chunks.append(more)
        if chunks:
            self.session.feed(np.concatenate(chunks))

    def _hand_over_call(self) -> bool:
        """The session ended its part: transfer to the operator (True: the call is over for us). A transfer
        that failed goes back to the conversation (False): Rasa is told no operator is free and offers a
        call-back; in an emergency the dialogue just goes on. Without an operator (silence after the
        re-prompts) the gateway hangs up."""
        if self._over.is_set():
            return True
        if self.session.operator:  # configured, and no transfer has failed in this call
            self.transferred = self.refer(self)
            if not self.transferred and not self._over.is_set():
                self.session.operator = False  # no second attempt in this call
                if self.emergency:
                    self.session.resume()
                else:
                    self.session.resume(prompts.ASK_FOR_HUMAN, {"operator_unavailable": True})
                return False
        if not self._over.is_set():
            self.hang_up(self)
        self._finish("gateway")
        return True

    def _finish(self, by: str) -> None:
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
        if self.handed_over:
            return "handed_over"
        if self.turns == 0 or self._form_open():
            return "abandoned"  # hung up before being served, or in the middle of a form
        return "served"

    def _form_open(self) -> bool:
        """Is a Rasa form still active in this call's conversation? Asks the tracker; if Rasa
        cannot say, a last answer that was a question counts as open. (The tracker API needs
        Rasa's token: the client's api_url carries it.)"""
        url = self.session.nlu.api_url(f"/conversations/{urllib.parse.quote(self.sender_id, safe='')}/tracker")
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                tracker = json.loads(response.read().decode("utf-8"))
            return bool((tracker.get("active_loop") or {}).get("name"))
        except (OSError, ValueError):
            return prompts.expects_answer(self.session._last_answer)

    # ---- session events -----------------------------------------------------
    def _event(self, event: ev.Event) -> None:
        if isinstance(event, ev.Final):
            self.turns += 1
        elif isinstance(event, ev.Reply):
            for custom in event.custom:
                order_id = str(custom.get("order_id") or "")
                if ORDER_ID.match(order_id) and order_id not in self.order_ids:
                    self.order_ids.append(order_id)
                if custom.get("reason") == "emergency":
                    # the P0 order is made and the answer says help is coming: transfer right after it
                    # where an operator exists, else the line stays open (VoiceSession._rasa_hand_over)
                    self.emergency = True
        elif isinstance(event, ev.HandOver):
            self.handed_over = True
        elif isinstance(event, ev.Speaking) and event.purpose in ("answer", "greeting"):
            self.answer_times.append(time.time())
        log.debug("call %s: %s", self.dialog.call_id, event)
