"""The hotline's SIP user agent on UDP: answers INVITEs (one Call each), ends and transfers calls.

One receive thread reads every SIP message; work that can block (ending a call, posting its
record) happens on other threads. Transactions are kept as simply as UDP allows: responses to
retransmitted requests are resent, our 200 to an INVITE is resent until the ACK, our own
requests are resent until answered (RFC 3261 timers T1/T2).
"""
from __future__ import annotations

import logging
import re
import socket
import threading
import time
from dataclasses import dataclass

from . import callers, sip
from .call import TRANSFER_TIMEOUT_S, Call
from .call_log import CallLog
from .dialog import Dialog
from .rtp import RtpStream, bind_port
from .sdp import SdpError, answer, parse_offer

log = logging.getLogger(__name__)
T1, T2, TIMEOUT = 0.5, 4.0, 32 * 0.5


class SerialTts:
    """The voice shared by every call, one synthesis at a time (its caches are not thread-safe;
    the neural voice renders one phrase at a time anyway)."""

    def __init__(self, tts):
        self.tts, self._lock = tts, threading.Lock()

    def synthesize(self, *args, **kwargs):
        with self._lock:
            return self.tts.synthesize(*args, **kwargs)

    def stream(self, *args, **kwargs):
        pieces = self.tts.stream(*args, **kwargs)
        while True:
            with self._lock:  # one piece at a time: a long answer does not hold up the other calls
                piece = next(pieces, None)
            if piece is None:
                return
            yield piece


@dataclass
class Shared:
    """What every call uses: one loaded ASR model and voice for the whole gateway."""
    settings: object
    asr: object
    tts: object
    call_log: CallLog


class Gateway:
    def __init__(self, settings, asr, tts, call_log: CallLog | None = None):
        self.settings = settings
        log_dir = settings.var_dir / "hotline_calls"
        self.shared = Shared(settings, asr, SerialTts(tts), call_log or CallLog(settings.dispatch_url, settings.api_token,
                                                                      log_dir))
        self.host = settings.sip_host
        self.public = settings.sip_public_host or (self.host if self.host not in ("", "0.0.0.0") else "127.0.0.1")
        self.rtp_host = settings.rtp_host or self.host
        self.calls: dict[str, Call] = {}
        self.finished: list[Call] = []  # for tests and the bench: every call that ended
        self._lock = threading.Lock()
        self._sent: dict[tuple, tuple[float, bytes]] = {}  # server transactions: request key → (when, response)
        self._acked: dict[str, threading.Event] = {}  # Call-ID → ACK for our 200 arrived
        self._pending: dict[str, list] = {}  # client transactions: branch → [event, final response]
        self._notify: dict[str, list[int]] = {}  # Call-ID → sipfrag statuses of transfer NOTIFYs
        self._running = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    # ---- life cycle ---------------------------------------------------------
    def start(self) -> "Gateway":
        self.sock.bind((self.host, self.settings.sip_port))
        self.sock.settimeout(0.3)
        self._running.set()
        self._thread = threading.Thread(target=self._receive_loop, name="sip", daemon=True)
        self._thread.start()
        log.info("SIP hotline on udp %s:%d", *self.address)
        return self

    @property
    def address(self) -> tuple[str, int]:
        return self.public, self.sock.getsockname()[1]

    @property
    def uri(self) -> str:
        return f"sip:12349@{self.address[0]}:{self.address[1]}"

    def stop(self) -> None:
        for call in list(self.calls.values()):
            self._bye(call)
            call.end("gateway")
        self._running.clear()
        self._thread.join(timeout=2)
        self.sock.close()
        self.shared.call_log.close()

    # ---- wire ---------------------------------------------------------------
    def _send(self, message: sip.Message, addr: tuple[str, int]) -> bytes:
        data = message.encode()
        try:
            self.sock.sendto(data, addr)
        except OSError as exc:
            log.warning("SIP send to %s failed: %s", addr, exc)
        return data

    def _reply(self, request: sip.Message, addr, status: int, **kwargs) -> None:
        data = self._send(sip.response(request, status, **kwargs), addr)
        if request.method != "ACK":
            self._remember(request, data)

    def _remember(self, request: sip.Message, data: bytes) -> None:
        now = time.monotonic()
        self._sent[self._key(request)] = (now, data)
        if len(self._sent) > 256:  # retransmissions stop after 32 s (Timer J/H): forget older answers
            for key in [k for k, (at, _) in self._sent.items() if now - at > 2 * TIMEOUT]:
                self._sent.pop(key, None)

    @staticmethod
    def _key(request: sip.Message) -> tuple:
        return request.call_id, request.get("cseq"), request.branch

    def _receive_loop(self) -> None:
        while self._running.is_set():
            try:
                data, addr = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data.strip():
                continue  # keep-alive
            try:
                message = sip.parse(data)
            except sip.SipError as exc:
                log.warning("unreadable SIP from %s: %s", addr, exc)
                continue
            try:
                if message.is_request:
                    self._request(message, addr)
                else:
                    self._response(message)
            except Exception:
                log.exception("SIP %s from %s failed", message.method or message.status, addr)
                if message.is_request and message.method != "ACK":
                    self._reply(message, addr, 500)

    # ---- requests from callers ------------------------------------------------
    def _request(self, req: sip.Message, addr) -> None:
        earlier = self._sent.get(self._key(req))
        if earlier is not None and req.method != "ACK":  # a retransmission: same answer again
            self.sock.sendto(earlier[1], addr)
            return
        handler = getattr(self, f"_on_{req.method.lower()}", None)
        if handler is None:
            self._reply(req, addr, 405, extra=[("Allow", sip.ALLOW)])
            return
        handler(req, addr)

    def _on_invite(self, req: sip.Message, addr) -> None:
        call = self.calls.get(req.call_id)
        if sip.tag(req.get("to")):
            # a re-INVITE: the call goes on as it is; a new offer is declined politely
            self._reply(req, addr, 488 if call else 481,
                        extra=[("Warning", '399 12349 "session changes are not supported"')])
            return
        if call is not None:
            return
        self._reply(req, addr, 100)
        with self._lock:
            busy = len(self.calls) >= self.settings.sip_max_calls
        if busy:
            self._reply(req, addr, 486, to_tag=sip.new_tag())
            return
        try:
            offer = parse_offer(req.body)
            codec = offer.codec
        except SdpError as exc:
            self._reply(req, addr, 488, to_tag=sip.new_tag(), extra=[("Warning", f'304 12349 "{exc}"')])
            return
        try:
            rtp_sock = bind_port(self.rtp_host, self.settings.rtp_port_min, self.settings.rtp_port_max)
        except OSError as exc:
            log.error("no RTP port: %s", exc)
            self._reply(req, addr, 503, to_tag=sip.new_tag())
            return
        local_tag = sip.new_tag()
        host, port = self.address
        dialog = Dialog.from_invite(req, local_tag, f"sip:12349@{host}:{port}", f"{host}:{port}")
        # the caller ID Rasa receives signed (assistant/rasa_client.py): only as trustworthy as the
        # SIP peer that sent the From header, so bind sip_host to the trunk's side in production
        caller = callers.caller_id(sip.user_of(req.get("from")))
        rtp = RtpStream(rtp_sock, (offer.address, offer.port), codec, offer.dtmf_payload,
                        source=None, on_audio=None, on_digit=None)
        call = Call(dialog, caller, rtp, self.shared, refer=self._refer, hang_up=self._bye,
                    on_finished=self._finished)
        with self._lock:
            self.calls[req.call_id] = call
        body = answer(offer, self.public, rtp.port)
        ok = sip.response(req, 200, to_tag=local_tag, body=body, content_type="application/sdp",
                          extra=[("Contact", f"<{dialog.local_contact}>"), ("Allow", sip.ALLOW)])
        data = self._send(ok, addr)
        self._remember(req, data)
        acked = self._acked[req.call_id] = threading.Event()
        threading.Thread(target=self._resend_until_ack, args=(data, addr, acked), daemon=True).start()
        log.info("call %s from %s answered (%s)", req.call_id, caller or "anonymous",
                 {0: "PCMU", 8: "PCMA"}[codec])
        call.start()

    def _resend_until_ack(self, data: bytes, addr, acked: threading.Event) -> None:
        interval, waited = T1, 0.0
        while not acked.wait(interval) and waited < TIMEOUT and self._running.is_set():
            waited += interval
            self.sock.sendto(data, addr)
            interval = min(interval * 2, T2)

    def _on_ack(self, req: sip.Message, addr) -> None:
        acked = self._acked.pop(req.call_id, None)
        if acked:
            acked.set()

    def _on_bye(self, req: sip.Message, addr) -> None:
        call = self.calls.get(req.call_id)
        self._reply(req, addr, 200 if call else 481)
        if call:
            self._acked.pop(req.call_id, threading.Event()).set()
            threading.Thread(target=call.caller_hung_up, daemon=True).start()

    def _on_cancel(self, req: sip.Message, addr) -> None:
        # INVITEs are answered at once, so a CANCEL meets an answered call: 200, the call goes on
        # until the caller's BYE (RFC 3261 9.2); without a matching INVITE it is 481
        self._reply(req, addr, 200 if req.call_id in self.calls else 481)

    def _on_options(self, req: sip.Message, addr) -> None:
        self._reply(req, addr, 200, extra=[("Allow", sip.ALLOW), ("Accept", "application/sdp")])

    def _on_notify(self, req: sip.Message, addr) -> None:
        statuses = self._notify.get(req.call_id)
        self._reply(req, addr, 200 if statuses is not None else 481)
        match = re.match(rb"SIP/2\.0 (\d{3})", req.body.strip())
        if statuses is not None and match:
            statuses.append(int(match.group(1)))

    def _on_info(self, req: sip.Message, addr) -> None:
        call = self.calls.get(req.call_id)
        self._reply(req, addr, 200 if call else 481)
        match = re.search(rb"Signal\s*=\s*([0-9*#A-D])", req.body)
        if call and match and "dtmf" in req.get("content-type").lower():
            call.key(match.group(1).decode())

    # ---- our requests -----------------------------------------------------------
    def _response(self, resp: sip.Message) -> None:
        pending = self._pending.get(resp.branch)
        if pending is not None and resp.status >= 200:
            pending[1] = resp
            pending[0].set()

    def _transact(self, request: sip.Message, addr, timeout: float = TIMEOUT) -> sip.Message | None:
        """Send a request inside a dialog and wait for its final response (None: no answer)."""
        done = threading.Event()
        pending = self._pending[request.branch] = [done, None]
        data = self._send(request, addr)
        interval, waited = T1, 0.0
        try:
            while not done.wait(interval) and waited < timeout and self._running.is_set():
                waited += interval
                self.sock.sendto(data, addr)
                interval = min(interval * 2, T2)
            return pending[1]
        finally:
            self._pending.pop(request.branch, None)

    def _bye(self, call: Call) -> None:
        response = self._transact(call.dialog.request("BYE"), call.dialog.destination, timeout=4)
        log.info("call %s: BYE answered %s", call.dialog.call_id, response.status if response else "never")

    def _refer(self, call: Call) -> bool:
        """Blind transfer: REFER the caller to the operator, then wait for the NOTIFY saying
        the operator answered (RFC 3515). True when the transfer succeeded."""
        dialog, operator = call.dialog, self.settings.sip_operator_uri
        statuses = self._notify[dialog.call_id] = []
        request = dialog.request("REFER", [("Refer-To", f"<{operator}>"),
                                           ("Referred-By", f"<{dialog.local_contact}>")])
        response = self._transact(request, dialog.destination, timeout=4)
        log.info("call %s: REFER to %s answered %s", dialog.call_id, operator,
                 response.status if response else "never")
        if response is None or not 200 <= response.status < 300:
            return False
        deadline = time.monotonic() + TRANSFER_TIMEOUT_S
        while time.monotonic() < deadline and not call.wait(0.1):
            final = [s for s in statuses if s >= 200]
            if final:
                return 200 <= final[0] < 300
        return bool([s for s in statuses if 200 <= s < 300])

    def _finished(self, call: Call) -> None:
        with self._lock:
            self.calls.pop(call.dialog.call_id, None)
            self.finished.append(call)
        self._notify.pop(call.dialog.call_id, None)
        # forget the call's server transactions: a late retransmission then meets 481
        for key in [k for k in self._sent if k[0] == call.dialog.call_id]:
            self._sent.pop(key, None)
