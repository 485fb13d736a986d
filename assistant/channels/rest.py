"""The REST channel with identity verification and input limits.

credentials.yml: ``assistant.channels.rest.SignedRestInput:``. Rasa mounts a
channel's blueprint under ``/webhooks/<name()>`` (rasa/core/channels/channel.py
``register``), so keeping ``name() == "rest"`` keeps the contract URL
``/webhooks/rest/webhook`` and its body ``{"sender", "message", "metadata"}``.

What it adds to Rasa's own RestInput:
- a body over ``rest_max_body_bytes`` is refused (413) before it is parsed, and Sanic
  itself stops reading any request on Rasa's port at 1 MB;
  malformed JSON or wrong types are refused (400) with one short line, never a trace;
- a message over ``message_max_chars`` is answered with the domain's
  ``utter_message_too_long`` and never reaches the NLU (one 50,000-character
  message used to grow Rasa to 22 GB);
- identity claims (caller_id, login, device_id) pass only with a valid fresh
  signature (assistant/channels/signing.py); the verified one is also put under
  ``metadata["identity"]``, which is all the actions trust. Unsigned text stays
  welcome: the conversation is simply anonymous.
"""
from __future__ import annotations

import json
import logging
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from assistant.channels import signing
from assistant.settings import settings

log = logging.getLogger(__name__)
SENDER = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")  # conversation ids: no control characters, bounded
TOO_LONG = "utter_message_too_long"
SERVER_MAX_BODY = 1024 * 1024
# Rasa reads a message starting with "/" as an intent with entities (/emergency{...}), skipping the NLU.
# Only the bare payloads the actions hand out pass as such — quick replies (actions/common.py buttons)
# the voice layer's silence to the emergency check question (on_silence, worth a 救命) and the phone's
# * key (再说一遍) — never with entities: any other "/..." is the caller's text, so nobody can type a
# filled slot or an order.
BUTTON_PAYLOADS = frozenset({"/affirm", "/deny", "/request_human", "/emergency", "/repeat"})


def as_caller_text(message: str) -> str:
    """The message as Rasa should read it: a known button payload, or plain text."""
    stripped = message.strip()
    if stripped in BUTTON_PAYLOADS or not stripped.startswith("/"):
        return message
    return stripped.lstrip("/")  # what Sanic buffers at most for any request on Rasa's port (its default: 100 MB)


class BadRequest(ValueError):
    """The request is not a REST channel message; the text is what the client is told."""


def parse_body(body: bytes, max_bytes: int) -> tuple[str, str, dict]:
    """(sender, message, metadata) of a REST channel body, or BadRequest."""
    if len(body) > max_bytes:
        raise BadRequest("request body too large")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("body must be a JSON object") from None
    if not isinstance(data, dict):
        raise BadRequest("body must be a JSON object")
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not SENDER.match(sender):
        raise BadRequest("sender must be a string of 1-200 characters")
    if not isinstance(message, str):
        raise BadRequest("message must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("metadata must be an object")
    return sender, message, metadata or {}


def refusal(agent: Any, sender: str, max_chars: int) -> list[dict]:
    """The over-length answer in the REST reply format, worded by the domain."""
    replies: list[dict] = []
    try:
        text = agent.domain.responses[TOO_LONG][0]["text"]
        replies.append({"recipient_id": sender, "text": text.replace("{max_chars}", str(max_chars))})
    except (AttributeError, KeyError, IndexError, TypeError):  # a model trained before the response existed
        log.warning("domain has no %s", TOO_LONG)
    replies.append({"recipient_id": sender, "custom": {"refused": "too_long", "max_chars": max_chars}})
    return replies


class SignedRestInput(RestInput):
    def __init__(self) -> None:
        self.keys = signing.Keys.from_settings(settings)
        self.max_body = settings.rest_max_body_bytes
        self.max_chars = settings.message_max_chars
        self.max_age = settings.identity_max_age_s

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.listener("before_server_start")
        async def cap_request_size(app, _loop):
            # Sanic reads a whole body before any handler sees it: past this it answers 413 unread
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, max(SERVER_MAX_BODY, self.max_body))

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if int(request.headers.get("content-length") or 0) > self.max_body:
                return response.json({"error": "request body too large", "max_bytes": self.max_body}, status=413)
            try:
                sender, text, metadata = parse_body(request.body or b"", self.max_body)
            except BadRequest as error:
                status = 413 if "too large" in str(error) else 400
                return response.json({"error": str(error)}, status=status)
            if len(text.strip()) > self.max_chars:
                log.info("message of %d characters from %s refused", len(text), sender)
                return response.json(refusal(getattr(request.app.ctx, "agent", None), sender, self.max_chars))
            metadata = signing.screened(metadata, sender, self.keys, self.max_age)
            text = as_caller_text(text)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except CancelledError:
                log.error("turn of %s timed out", sender)
            except Exception as error:  # noqa: BLE001 - as Rasa's RestInput: log, answer what was said
                log.error("turn of %s failed: %s: %s", sender, type(error).__name__, error)
            return response.json(collector.messages)

        return webhook
