"""One SIP dialog as the answering side (UAS) holds it, and the requests it sends inside it."""
from __future__ import annotations

from dataclasses import dataclass

from . import sip


@dataclass
class Dialog:
    call_id: str
    local_tag: str
    remote_tag: str
    local: str  # our name-addr (the INVITE's To), without tag
    remote: str  # the caller's From, with its tag
    remote_target: str  # the caller's Contact URI: where in-dialog requests go
    local_contact: str  # our Contact URI
    via_host: str  # host:port for our Via
    cseq: int = 0

    @classmethod
    def from_invite(cls, invite: sip.Message, local_tag: str, local_contact: str, via_host: str) -> "Dialog":
        contact = sip.uri_of(invite.get("contact")) or sip.uri_of(invite.get("from"))
        return cls(invite.call_id, local_tag, sip.tag(invite.get("from")), invite.get("to"),
                   invite.get("from"), contact, local_contact, via_host)

    @property
    def destination(self) -> tuple[str, int]:
        return sip.host_port(self.remote_target)

    def request(self, method: str, extra: list[tuple[str, str]] = (), body: bytes = b"",
                content_type: str = "") -> sip.Message:
        self.cseq += 1
        headers = [("via", f"SIP/2.0/UDP {self.via_host};branch={sip.new_branch()};rport"),
                   ("max-forwards", "70"), ("from", f"{self.local};tag={self.local_tag}"), ("to", self.remote),
                   ("call-id", self.call_id), ("cseq", f"{self.cseq} {method}"),
                   ("contact", f"<{self.local_contact}>"), ("user-agent", "12349-hotline")]
        headers += [(k.lower(), v) for k, v in extra]
        if body:
            headers.append(("content-type", content_type))
        return sip.Message(method=method, uri=self.remote_target, headers=headers, body=body)
