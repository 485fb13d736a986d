"""Signed identity claims: who the caller is, as asserted by the component that authenticated them.

Standard library only: the SIP gateway and the widget gateway (Python 3.11) sign,
Rasa's REST channel (Python 3.10) verifies. A claim is one of

    caller_id  the hotline caller's number   signed by the SIP gateway  (settings.hotline_secret)
    login      a widget user's login          signed by the widget gateway (settings.widget_secret)
    device_id  a smart speaker                signed by that speaker     (its own secret, settings.speaker_secrets)

HMAC-SHA256 over channel, sender id, the claim and a timestamp, so a signature
cannot be moved to another conversation, another claim or used after
``identity_max_age_s``. Metadata on the wire:

    {"channel": "phone", "caller_id": "13800138000", "signed": {"at": 1764547200, "mac": "<hex>"}}
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Mapping

CLAIMS = ("caller_id", "login", "device_id")
SIGNATURE = "signed"
IDENTITY = "identity"  # where the REST channel puts the verified claim for the actions


def _message(channel: str, sender: str, kind: str, value: str, at: int) -> bytes:
    return json.dumps([channel, sender, kind, value, at], ensure_ascii=False, separators=(",", ":")).encode()


def mac(secret: str, channel: str, sender: str, kind: str, value: str, at: int) -> str:
    return hmac.new(secret.encode(), _message(channel, sender, kind, value, at), hashlib.sha256).hexdigest()


def claim_of(metadata: Mapping) -> tuple[str, str] | None:
    """The one identity claim in ``metadata`` as (kind, value); None if none or more than one."""
    found = [(k, metadata[k]) for k in CLAIMS if metadata.get(k) not in (None, "")]
    if len(found) != 1 or not isinstance(found[0][1], str):
        return None
    return found[0]


def sign(metadata: Mapping, sender: str, secret: str, now: float | None = None) -> dict:
    """``metadata`` with its claim signed; unchanged (a copy) without a secret or a claim."""
    signed = {k: v for k, v in metadata.items() if k not in (SIGNATURE, IDENTITY)}
    claim = claim_of(signed)
    if not secret or claim is None:
        return signed
    at = int(time.time() if now is None else now)
    signed[SIGNATURE] = {"at": at, "mac": mac(secret, str(signed.get("channel") or ""), sender, *claim, at)}
    return signed


class Keys:
    """Which secret may sign which claim: the Rasa side's view (gateways' secrets and the device registry)."""

    def __init__(self, hotline: str = "", widget: str = "", devices: Mapping[str, str] | None = None):
        self.hotline, self.widget, self.devices = hotline, widget, dict(devices or {})

    @classmethod
    def from_settings(cls, settings) -> "Keys":
        devices = {}
        for entry in settings.speaker_secrets:
            device, _, secret = entry.partition(":")
            if device.strip() and secret.strip():
                devices[device.strip()] = secret.strip()
        return cls(settings.hotline_secret, settings.widget_secret, devices)

    def secret_for(self, kind: str, value: str) -> str:
        if kind == "caller_id":
            return self.hotline
        if kind == "login":
            return self.widget
        return self.devices.get(value, "")  # device_id: only the speaker's own secret


def verified_claim(metadata: Mapping, sender: str, keys: Keys, max_age_s: float,
                   now: float | None = None) -> tuple[str, str] | None:
    """(kind, value) if ``metadata`` carries exactly one claim with a valid, fresh signature; else None."""
    claim = claim_of(metadata)
    signature = metadata.get(SIGNATURE)
    if claim is None or not isinstance(signature, dict):
        return None
    at, given = signature.get("at"), signature.get("mac")
    if not isinstance(at, int) or isinstance(at, bool) or not isinstance(given, str):
        return None
    now = time.time() if now is None else now
    if abs(now - at) > max_age_s:
        return None
    secret = keys.secret_for(*claim)
    if not secret:
        return None
    channel = metadata.get("channel")
    expected = mac(secret, channel if isinstance(channel, str) else "", sender, *claim, at)
    return claim if hmac.compare_digest(expected, given) else None


def screened(metadata: object, sender: str, keys: Keys, max_age_s: float, now: float | None = None) -> dict:
    """The metadata Rasa may store: claims only when verified (then also under ``identity``), no signature.

    Anything a client sent under ``identity`` itself is dropped; an unverified
    claim is removed, so the conversation goes on as an anonymous one.
    """
    if not isinstance(metadata, dict):
        return {}
    claim = verified_claim(metadata, sender, keys, max_age_s, now)
    kept = {k: v for k, v in metadata.items() if k not in CLAIMS + (SIGNATURE, IDENTITY)}
    if claim:
        kept[claim[0]] = claim[1]
        kept[IDENTITY] = {claim[0]: claim[1]}
    return kept
