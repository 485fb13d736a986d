"""Phone and ID numbers, API tokens and identity signatures never reach a log line in clear.

Standard library only: the action server (Python 3.10) and the services
(Python 3.11) install the same filter on their loggers, including the HTTP
access logs that would otherwise print ``?phone=138…`` query strings.
"""
from __future__ import annotations

import logging
import re

_ID = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
# ?token=… (Rasa's HTTP API) and the "mac" of a signed identity claim (assistant/channels/signing.py)
_SECRET = re.compile(r"""((?:[?&]token=)|(?:["']mac["']\s*:\s*["']))[^&\s"']+""")
# Loggers that print request lines or parameters themselves.
ACCESS_LOGGERS = ("uvicorn.access", "uvicorn.error", "httpx", "sanic.access", "rasa_sdk")


def mask(text: object) -> str:
    """13800138000 → 138****8000; an 18-digit ID keeps its first six and last four."""
    return _SECRET.sub(r"\1***", _PHONE.sub(r"\1****\2", _ID.sub(r"\1********\2", str(text))))


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    """Mask every record that passes the root handlers or the access loggers."""
    masking = MaskingFilter()
    for name in ("",) + ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(masking)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(masking)
