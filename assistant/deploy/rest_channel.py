"""The REST channel as production serves it: every turn gets an answer, never ``[]``.

Rasa's own REST channel logs any error from the turn and returns whatever was
collected so far: an empty list when the lock store or the tracker store failed
before the turn began, or when the action server failed. The caller hears
nothing. This subclass keeps the URL (/webhooks/rest/webhook) and the request
shape, and the identity checks and input limits of assistant/channels/rest.py; a turn that produced nothing is answered with the apology of
assistant/deploy/apology.py (custom ``{"retry": true}`` tells a client the turn
was not taken). A turn that failed after the assistant had spoken (an order
number, say) is kept as it is: the caller must hear what was done.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from assistant.channels.rest import SignedRestInput
from assistant.deploy.apology import rest_reply
from assistant.deploy.stores import StoreUnavailable

log = logging.getLogger(__name__)


class ApologeticRestInput(SignedRestInput):
    """credentials: ``assistant.deploy.rest_channel.ApologeticRestInput:`` instead of ``rest:``."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        async def guarded(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except (Exception, StoreUnavailable) as error:  # noqa: BLE001 - every failure gets an answer
                log.error("turn of %s failed: %s: %s", message.sender_id, type(error).__name__, error)
            apologise_if_silent(message)

        return super().blueprint(guarded)


def apologise_if_silent(message: UserMessage) -> None:
    channel = message.output_channel
    if isinstance(channel, CollectingOutputChannel) and not channel.messages:
        channel.messages.extend(rest_reply(message.sender_id))
