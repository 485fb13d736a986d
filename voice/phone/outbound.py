"""Outbound calls through a SIP trunk or proxy with digest authentication (RFC 3261 22, RFC 7616).

``OutboundGateway`` is the hotline gateway plus a user-agent client side: it REGISTERs with the
trunk (answering the 401 challenge, refreshing before expiry) so inbound calls still reach it, and
it dials an elder through the proxy (answering the 407 challenge), then hands the answered call to
the same ``Call`` pipeline the hotline's inbound calls use. One socket, one receive loop: responses
to our requests come back through the gateway's client transactions.

The outcome of a dial is what the care scheduler records: answered / busy / rejected / no_answer /
failed (services/care/policy.py).
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from assistant.rasa_client import RasaClient, Reply

from ..pipeline import expectation
from . import callers, digest, sip
from .call import Call
from .dialog import Dialog
from .gateway import Gateway
from .rtp import RtpStream, bind_port
from .sdp import SdpError, parse_offer

log = logging.getLogger(__name__)
RING_TIMEOUT_S = 30.0
REGISTER_EXPIRES_S = 600
OUTCOME_BY_STATUS = {486: "busy", 600: "busy", 603: "rejected", 403: "rejected", 480: "no_answer",
                     408: "no_answer", 487: "no_answer", 404: "failed"}


@dataclass(frozen=True)
class Trunk:
    """Where outbound calls go and how we prove who we are (a carrier, or kamailio in tests)."""
    proxy: tuple[str, int]  # host, port every request is sent to
    domain: str  # the SIP domain: sip:<number>@<domain>
    username: str
    password: str
    user: str = "12349"  # our address of record: sip:<user>@<domain>


@dataclass
class Dialled:
    outcome: str  # answered / busy / rejected / no_answer / failed
    status: int | None = None  # the final SIP status (None: nothing came back)
    call: Call | None = None


def offer(address: str, port: int) -> bytes:
    """Our offer: PCMU, PCMA and RFC 4733 keypad events."""
    session_id = int(time.time())
    lines = ["v=0", f"o=12349 {session_id} {session_id} IN IP4 {address}", "s=12349 care call",
             f"c=IN IP4 {address}", "t=0 0", f"m=audio {port} RTP/AVP 0 8 101",
             "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
             "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv"]
    return ("\r\n".join(lines) + "\r\n").encode()


@dataclass(frozen=True)
class Opening:
    """How a care call begins: Rasa's trigger-intent API (the REST channel takes no /intent{…} from a
    caller), e.g. Opening("checkin_start", {"care_job": "42", "care_name": "张建国"})."""
    intent: str
    entities: dict[str, str]


async def trigger(rasa: RasaClient, sender: str, opening: Opening) -> Reply | None:
    """POST /conversations/{sender}/trigger_intent (Rasa's token) and collect what the bot says; None on failure."""
    url = rasa.api_url(f"/conversations/{quote(sender, safe='')}/trigger_intent")
    url += ("&" if "?" in url else "?") + "output_channel=collector"
    try:
        response = await rasa.ahttp.post(url, json={"name": opening.intent, "entities": opening.entities})
        response.raise_for_status()
        return Reply(list(response.json().get("messages") or []))
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        log.warning("trigger %s for %s failed: %s", opening.intent, sender, exc)
        return None


def _open_with(call: Call, opening: Opening) -> None:
    """The call begins with the care conversation's first question instead of the hotline's greeting.
    Interim: Call has no opening parameter yet, so this one call's pipeline ``greet`` is wrapped (the
    wanted change: Call(..., opening=...) and Pipeline.trigger(intent, entities) in the pipeline)."""
    pipeline, hotline_greet = call.pipeline, call.pipeline.greet

    async def greet(hotline_greeting: str) -> None:
        reply = await trigger(pipeline.rasa, pipeline.sender_id, opening)
        if reply is None or not reply.text:
            await hotline_greet(hotline_greeting)  # Rasa down: the elder still hears who is calling
            return
        pipeline.expect = expectation.parse(reply.expect)  # keypad 1–3 for the first question too
        await hotline_greet(reply.text)

    pipeline.greet = greet


class OutboundGateway(Gateway):
    def __init__(self, settings, asr, tts, trunk: Trunk, call_log=None):
        super().__init__(settings, asr, tts, call_log)
        self.trunk = trunk
        self.registered = threading.Event()
        self._cseq = secrets.randbelow(10_000)
        self._register_call_id = f"{secrets.token_hex(8)}@12349"
        self._local_tag = sip.new_tag()

    # ---- requests outside a dialog -------------------------------------------------
    def _next_cseq(self) -> int:
        self._cseq += 1
        return self._cseq

    def _outside(self, method: str, uri: str, to: str, call_id: str, from_tag: str, cseq: int,
                 extra: list[tuple[str, str]] = (), body: bytes = b"") -> sip.Message:
        host, port = self.address
        headers = [("via", f"SIP/2.0/UDP {host}:{port};branch={sip.new_branch()};rport"), ("max-forwards", "70"),
                   ("from", f"<sip:{self.trunk.user}@{self.trunk.domain}>;tag={from_tag}"), ("to", to),
                   ("call-id", call_id), ("cseq", f"{cseq} {method}"),
                   ("contact", f"<sip:{self.trunk.user}@{host}:{port}>"), ("user-agent", "12349-care")]
        headers += [(k.lower(), v) for k, v in extra]
        if body:
            headers.append(("content-type", "application/sdp"))
        return sip.Message(method=method, uri=uri, headers=headers, body=body)

    def _with_credentials(self, request: sip.Message, challenge_response: sip.Message) -> sip.Message | None:
        """The same request again, new branch and CSeq, answering the 401/407; None if unanswerable."""
        try:
            challenge_name, answer_name = digest.answer_header(challenge_response.status)
            challenge = digest.parse_challenge(challenge_response.get(challenge_name))
        except digest.DigestError as exc:
            log.warning("%s to %s: cannot answer the challenge: %s", request.method, request.uri, exc)
            return None
        _number, method = request.cseq
        again = sip.Message(method=request.method, uri=request.uri, headers=list(request.headers), body=request.body)
        host, port = self.address
        again.set("via", f"SIP/2.0/UDP {host}:{port};branch={sip.new_branch()};rport")
        again.set("cseq", f"{self._next_cseq()} {method}")
        again.set(answer_name, digest.authorization(challenge, self.trunk.username, self.trunk.password,
                                                    request.method, request.uri))
        return again

    # ---- REGISTER ----------------------------------------------------------------
    def register(self, expires: int = REGISTER_EXPIRES_S) -> bool:
        """REGISTER our address of record with the trunk (digest on 401). True when accepted."""
        aor = f"<sip:{self.trunk.user}@{self.trunk.domain}>"
        request = self._outside("REGISTER", f"sip:{self.trunk.domain}", aor, self._register_call_id,
                                self._local_tag, self._next_cseq(), [("expires", str(expires))])
        response = self._transact(request, self.trunk.proxy, timeout=8)
        if response is not None and response.status in (401, 407):
            request = self._with_credentials(request, response)
            response = self._transact(request, self.trunk.proxy, timeout=8) if request else None
        ok = response is not None and 200 <= response.status < 300
        (self.registered.set if ok else self.registered.clear)()
        log.info("REGISTER %s at %s:%d: %s", aor, *self.trunk.proxy, response.status if response else "no answer")
        return ok

    def keep_registered(self, expires: int = REGISTER_EXPIRES_S) -> threading.Thread:
        """Refresh the registration at half its lifetime while the gateway runs."""
        def loop() -> None:
            while self._running.is_set():
                wait = expires / 2 if self.register(expires) else 10.0
                deadline = time.monotonic() + wait
                while self._running.is_set() and time.monotonic() < deadline:
                    time.sleep(0.5)

        thread = threading.Thread(target=loop, name="sip-register", daemon=True)
        thread.start()
        return thread

    # ---- INVITE ------------------------------------------------------------------
    def _ack(self, invite: sip.Message, final: sip.Message, dialog: Dialog | None = None) -> None:
        """ACK a final response: a non-2xx one in the INVITE's transaction, a 2xx one in the dialog."""
        headers = [("via", invite.get("via") if dialog is None else
                    f"SIP/2.0/UDP {dialog.via_host};branch={sip.new_branch()};rport"),
                   ("max-forwards", "70"), ("from", invite.get("from")), ("to", final.get("to")),
                   ("call-id", invite.call_id), ("cseq", f"{invite.cseq[0]} ACK")]
        uri = dialog.remote_target if dialog is not None else invite.uri
        target = dialog.destination if dialog is not None else self.trunk.proxy
        self._send(sip.Message(method="ACK", uri=uri, headers=headers), target)

    def _cancel(self, invite: sip.Message) -> None:
        headers = [("via", invite.get("via")), ("max-forwards", "70"), ("from", invite.get("from")),
                   ("to", invite.get("to")), ("call-id", invite.call_id), ("cseq", f"{invite.cseq[0]} CANCEL")]
        self._send(sip.Message(method="CANCEL", uri=invite.uri, headers=headers), self.trunk.proxy)

    def dial(self, number: str, ring_timeout: float = RING_TIMEOUT_S, opening: Opening | None = None) -> Dialled:
        """Call ``number`` through the trunk; an answered call runs as a ``Call`` (the caller is the elder),
        beginning with ``opening`` (the care conversation) when given, else with the hotline's greeting."""
        with self._lock:
            if len(self.calls) >= self.settings.sip_max_calls:
                return Dialled("failed")
        try:
            rtp_sock = bind_port(self.rtp_host, self.settings.rtp_port_min, self.settings.rtp_port_max)
        except OSError:
            return Dialled("failed")
        uri = f"sip:{number}@{self.trunk.domain}"
        call_id, from_tag = f"{secrets.token_hex(10)}@12349", sip.new_tag()
        invite = self._outside("INVITE", uri, f"<{uri}>", call_id, from_tag, self._next_cseq(),
                               body=offer(self.public, rtp_sock.getsockname()[1]))
        final = self._transact(invite, self.trunk.proxy, timeout=ring_timeout)
        if final is not None and final.status in (401, 407):
            self._ack(invite, final)
            invite = self._with_credentials(invite, final)
            final = self._transact(invite, self.trunk.proxy, timeout=ring_timeout) if invite else None
        if final is None or not 200 <= final.status < 300:
            if final is None and invite is not None:
                self._cancel(invite)  # nobody picked up in time: stop the ringing
            elif final is not None:
                self._ack(invite, final)
            rtp_sock.close()
            status = final.status if final else None
            return Dialled(OUTCOME_BY_STATUS.get(status, "no_answer" if status is None else "failed"), status)
        return self._answered(invite, final, number, rtp_sock, opening)

    def _answered(self, invite: sip.Message, ok: sip.Message, number: str, rtp_sock,
                  opening: Opening | None) -> Dialled:
        host, port = self.address
        remote_target = sip.uri_of(ok.get("contact")) or invite.uri
        dialog = Dialog(invite.call_id, sip.tag(invite.get("from")), sip.tag(ok.get("to")),
                        invite.get("from").split(";tag=")[0], ok.get("to"), remote_target,
                        f"sip:{self.trunk.user}@{host}:{port}", f"{host}:{port}", cseq=invite.cseq[0])
        self._ack(invite, ok, dialog)
        try:
            media = parse_offer(ok.body)
            codec = media.codec
        except SdpError as exc:
            log.warning("call %s: unusable answer SDP (%s): hanging up", invite.call_id, exc)
            self._transact(dialog.request("BYE"), dialog.destination, timeout=4)
            rtp_sock.close()
            return Dialled("failed", ok.status)
        rtp = RtpStream(rtp_sock, (media.address, media.port), codec, media.dtmf_payload,
                        source=None, on_audio=None, on_digit=None)
        call = Call(dialog, callers.caller_id(number), rtp, self.shared, refer=self._refer, hang_up=self._bye,
                    on_finished=self._finished)
        if opening is not None:
            _open_with(call, opening)
        with self._lock:
            self.calls[invite.call_id] = call
        call.start()
        return Dialled("answered", ok.status, call)
