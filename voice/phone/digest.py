"""HTTP digest authentication as SIP uses it (RFC 2617, RFC 7616, RFC 3261 22.4): read a 401
``WWW-Authenticate`` or 407 ``Proxy-Authenticate`` challenge, answer it with an ``Authorization``
or ``Proxy-Authorization`` value. MD5, MD5-sess, SHA-256 and SHA-256-sess; qop ``auth`` or none.

Stdlib only: SIP libraries on PyPI either bundle a whole stack (pjsua2) or are unmaintained
(aiosip), and HTTP clients' digest auth is tied to their request objects; the arithmetic is small.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

_ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
_PARAM = re.compile(r'\s*([A-Za-z][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]+)\s*,?')
MAX_CHALLENGE = 2048  # a header longer than this is refused, not parsed


class DigestError(ValueError):
    """A challenge we cannot (or will not) answer."""


@dataclass(frozen=True)
class Challenge:
    realm: str
    nonce: str
    algorithm: str = "MD5"
    qop: tuple[str, ...] = ()
    opaque: str | None = None
    stale: bool = False


def parse_challenge(value: str) -> Challenge:
    """``Digest realm="…", nonce="…", qop="auth,auth-int", algorithm=MD5, opaque="…"``."""
    if len(value) > MAX_CHALLENGE:
        raise DigestError("challenge too long")
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "digest":
        raise DigestError(f"not a digest challenge: {scheme!r}")
    params: dict[str, str] = {}
    for name, raw in _PARAM.findall(rest):
        params[name.lower()] = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\") if raw.startswith('"') else raw
    if "realm" not in params or "nonce" not in params:
        raise DigestError("challenge lacks realm or nonce")
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm.removesuffix("-SESS") not in _ALGORITHMS:
        raise DigestError(f"unsupported algorithm {algorithm}")
    qop = tuple(q.strip().lower() for q in params.get("qop", "").split(",") if q.strip())
    if qop and "auth" not in qop:
        raise DigestError(f"unsupported qop {params['qop']!r} (only auth)")
    return Challenge(params["realm"], params["nonce"], algorithm, qop, params.get("opaque"),
                     params.get("stale", "").lower() == "true")


def _hash(algorithm: str, text: str) -> str:
    return _ALGORITHMS[algorithm.upper().removesuffix("-SESS")](text.encode("utf-8")).hexdigest()


def response(challenge: Challenge, username: str, password: str, method: str, uri: str,
             cnonce: str = "", nc: int = 1) -> str:
    """The ``response`` value (RFC 7616 3.4.1; without qop, RFC 2069's form)."""
    alg = challenge.algorithm
    ha1 = _hash(alg, f"{username}:{challenge.realm}:{password}")
    if alg.upper().endswith("-SESS"):
        ha1 = _hash(alg, f"{ha1}:{challenge.nonce}:{cnonce}")
    ha2 = _hash(alg, f"{method}:{uri}")
    if "auth" in challenge.qop:
        return _hash(alg, f"{ha1}:{challenge.nonce}:{nc:08x}:{cnonce}:auth:{ha2}")
    return _hash(alg, f"{ha1}:{challenge.nonce}:{ha2}")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def authorization(challenge: Challenge, username: str, password: str, method: str, uri: str,
                  cnonce: str | None = None, nc: int = 1) -> str:
    """The header value answering ``challenge`` for one request (``method`` and request ``uri``)."""
    cnonce = cnonce or secrets.token_hex(8)
    parts = [f"username={_quote(username)}", f"realm={_quote(challenge.realm)}",
             f"nonce={_quote(challenge.nonce)}", f"uri={_quote(uri)}",
             f"response={_quote(response(challenge, username, password, method, uri, cnonce, nc))}",
             f"algorithm={challenge.algorithm}"]
    if "auth" in challenge.qop:
        parts += ["qop=auth", f"nc={nc:08x}", f"cnonce={_quote(cnonce)}"]
    if challenge.opaque is not None:
        parts.append(f"opaque={_quote(challenge.opaque)}")
    return "Digest " + ", ".join(parts)


def answer_header(status: int) -> tuple[str, str]:
    """(challenge header, answer header) for a 401 (registrar, UAS) or a 407 (proxy)."""
    if status == 401:
        return "www-authenticate", "authorization"
    if status == 407:
        return "proxy-authenticate", "proxy-authorization"
    raise DigestError(f"{status} is not a challenge")
