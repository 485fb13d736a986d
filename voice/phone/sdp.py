"""SDP offer/answer (RFC 3264) for one audio stream: G.711 and RFC 4733 telephone events."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from .g711 import NAMES, PCMA, PCMU


class SdpError(ValueError):
    """The offer has no audio we can take (answered 488)."""


@dataclass
class Offer:
    address: str
    port: int
    payloads: list[int]  # in the caller's order of preference
    rtpmap: dict[int, str] = field(default_factory=dict)  # pt → "name/rate" lower-case

    @property
    def codec(self) -> int:
        """The caller's preferred codec among the ones we speak."""
        for pt in self.payloads:
            name = self.rtpmap.get(pt, NAMES.get(pt, "").lower() + "/8000")
            if name.startswith("pcmu/8000"):
                return PCMU
            if name.startswith("pcma/8000"):
                return PCMA
        raise SdpError("no PCMU or PCMA at 8 kHz in the offer")

    @property
    def dtmf_payload(self) -> int | None:
        return next((pt for pt in self.payloads if self.rtpmap.get(pt, "").startswith("telephone-event/8000")),
                    None)


def parse_offer(body: bytes) -> Offer:
    session_addr, media_addr, port, payloads, rtpmap = "", "", 0, [], {}
    in_audio = False
    for raw in body.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line.startswith("c=") and len(line.split()) >= 3:
            if in_audio:
                media_addr = line.split()[2].split("/")[0]
            else:
                session_addr = line.split()[2].split("/")[0]
        elif line.startswith("m="):
            parts = line[2:].split()
            in_audio = parts[0] == "audio" and not port and len(parts) >= 4
            if in_audio:
                port = int(parts[1]) if parts[1].isdigit() else 0
                payloads = [int(p) for p in parts[3:] if p.isdigit()]
        elif in_audio and line.startswith("a=rtpmap:"):
            pt, _, name = line[len("a=rtpmap:"):].partition(" ")
            if pt.isdigit():
                rtpmap[int(pt)] = name.strip().lower()
    address = media_addr or session_addr
    if not port or not address:
        raise SdpError("no audio stream in the offer")
    return Offer(address, port, payloads, rtpmap)


def answer(offer: Offer, address: str, port: int) -> bytes:
    """Our answer: the chosen codec, plus telephone-event when the caller offered it."""
    codec = offer.codec
    pts = [codec] + ([offer.dtmf_payload] if offer.dtmf_payload is not None else [])
    session_id = int(time.time())
    lines = ["v=0", f"o=12349 {session_id} {session_id} IN IP4 {address}", "s=12349 hotline",
             f"c=IN IP4 {address}", "t=0 0", f"m=audio {port} RTP/AVP {' '.join(map(str, pts))}",
             f"a=rtpmap:{codec} {NAMES[codec]}/8000"]
    if offer.dtmf_payload is not None:
        lines += [f"a=rtpmap:{offer.dtmf_payload} telephone-event/8000", f"a=fmtp:{offer.dtmf_payload} 0-16"]
    lines += ["a=ptime:20", "a=sendrecv"]
    return ("\r\n".join(lines) + "\r\n").encode()
