"""SIP messages (RFC 3261) as text on UDP: parse, build, and the header values a user agent needs."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "m": "contact", "l": "content-length",
           "c": "content-type", "r": "refer-to", "k": "supported", "o": "event"}
CANONICAL = {"via": "Via", "from": "From", "to": "To", "call-id": "Call-ID", "cseq": "CSeq",
             "contact": "Contact", "content-length": "Content-Length", "content-type": "Content-Type",
             "max-forwards": "Max-Forwards", "refer-to": "Refer-To", "referred-by": "Referred-By",
             "record-route": "Record-Route", "user-agent": "User-Agent", "allow": "Allow", "event": "Event",
             "subscription-state": "Subscription-State", "www-authenticate": "WWW-Authenticate"}
REASONS = {100: "Trying", 180: "Ringing", 200: "OK", 202: "Accepted", 400: "Bad Request",
           405: "Method Not Allowed", 415: "Unsupported Media Type", 481: "Call/Transaction Does Not Exist",
           486: "Busy Here", 487: "Request Terminated", 488: "Not Acceptable Here", 491: "Request Pending",
           500: "Server Internal Error", 503: "Service Unavailable"}
ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY, INFO"


class SipError(ValueError):
    """Not a SIP message we can read."""


@dataclass
class Message:
    method: str = ""  # requests
    uri: str = ""
    status: int = 0  # responses
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)  # (lower-case name, value), in order
    body: bytes = b""

    @property
    def is_request(self) -> bool:
        return bool(self.method)

    def get(self, name: str, default: str = "") -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), default)

    def all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    def set(self, name: str, value: str) -> None:
        name = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k != name] + [(name, value)]

    @property
    def call_id(self) -> str:
        return self.get("call-id")

    @property
    def cseq(self) -> tuple[int, str]:
        number, _, method = self.get("cseq").partition(" ")
        try:
            return int(number), method.strip().upper()
        except ValueError as exc:
            raise SipError(f"bad CSeq {self.get('cseq')!r}") from exc

    @property
    def branch(self) -> str:
        return param(self.get("via"), "branch")

    def encode(self) -> bytes:
        first = f"{self.method} {self.uri} SIP/2.0" if self.method else f"SIP/2.0 {self.status} {self.reason}"
        lines = [first] + [f"{CANONICAL.get(k, k.title())}: {v}" for k, v in self.headers
                           if k != "content-length"]
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + self.body


def parse(data: bytes) -> Message:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SipError("header is not UTF-8") from exc
    lines = text.replace("\r\n", "\n").split("\n")
    start = lines[0].strip()
    msg = Message()
    if start.startswith("SIP/2.0 "):
        parts = start.split(" ", 2)
        try:
            msg.status = int(parts[1])
        except (IndexError, ValueError) as exc:
            raise SipError(f"bad status line {start!r}") from exc
        msg.reason = parts[2] if len(parts) > 2 else ""
    else:
        parts = start.split(" ")
        if len(parts) != 3 or parts[2] != "SIP/2.0" or not parts[0].isalpha():
            raise SipError(f"bad request line {start!r}")
        msg.method, msg.uri = parts[0].upper(), parts[1]
    for line in lines[1:]:
        if not line.strip():
            continue
        if line[0] in " \t" and msg.headers:  # folded continuation line
            k, v = msg.headers[-1]
            msg.headers[-1] = (k, v + " " + line.strip())
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise SipError(f"bad header line {line!r}")
        name = name.strip().lower()
        msg.headers.append((COMPACT.get(name, name), value.strip()))
    length = msg.get("content-length")
    # ASCII digits only, and not absurdly many: int() refuses "²" and 5000-digit strings with ValueError
    msg.body = body[: int(length)] if length.isascii() and length.isdigit() and len(length) < 10 else body
    for required in ("call-id", "cseq", "from", "to", "via"):
        if not msg.get(required):
            raise SipError(f"missing {required} header")
    return msg


def param(value: str, name: str) -> str:
    """A ;name=value parameter of a header (outside the <uri>)."""
    tail = value.rsplit(">", 1)[-1] if "<" in value else value
    match = re.search(r";\s*" + re.escape(name) + r"=([^;,\s]+)", tail, re.I)
    return match.group(1) if match else ""


def tag(value: str) -> str:
    return param(value, "tag")


def uri_of(value: str) -> str:
    """The URI inside a From/To/Contact/Refer-To value."""
    match = re.search(r"<([^>]*)>", value)
    return match.group(1) if match else value.split(";", 1)[0].strip()


def user_of(value: str) -> str:
    """The user part of a name-addr or URI: '"x" <sip:13800138000@host>;tag=1' → '13800138000'."""
    uri = uri_of(value)
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    return rest.split("@", 1)[0] if "@" in rest else ""


def host_port(uri: str, default_port: int = 5060) -> tuple[str, int]:
    """Where to send a request for a sip: URI (no DNS: hosts are addresses or names on this net)."""
    rest = uri_of(uri).split(":", 1)[1] if ":" in uri_of(uri) else uri_of(uri)
    rest = rest.split("@", 1)[-1].split(";", 1)[0].split("?", 1)[0]
    host, _, port = rest.partition(":")
    return host, int(port) if port.isdigit() else default_port


def new_tag() -> str:
    return secrets.token_hex(4)


def new_branch() -> str:
    return "z9hG4bK" + secrets.token_hex(8)


def response(request: Message, status: int, *, to_tag: str = "", extra: list[tuple[str, str]] = (),
             body: bytes = b"", content_type: str = "") -> Message:
    """A response copying Via/From/To/Call-ID/CSeq from the request (RFC 3261 8.2.6)."""
    to = request.get("to")
    if to_tag and not tag(to) and status > 100:
        to = f"{to};tag={to_tag}"
    headers = [("via", v) for v in request.all("via")]
    headers += [("from", request.get("from")), ("to", to), ("call-id", request.call_id),
                ("cseq", request.get("cseq")), ("server", "12349-hotline")]
    headers += [(k.lower(), v) for k, v in extra]
    if body:
        headers.append(("content-type", content_type))
    return Message(status=status, reason=REASONS.get(status, "Unknown"), headers=headers, body=body)
