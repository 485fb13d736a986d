"""Run once when the action server loads this package (it imports every module).

Phone and ID numbers are masked in every log line from here on.

Bookings queued in the outbox before a restart are delivered again straight
away rather than waiting for the next booking to wake the worker.
"""
import logging

from actions.clients import DispatchClient
from assistant import privacy

log = logging.getLogger(__name__)


def resume_outbox() -> int:
    client = DispatchClient()
    pending = len(client.outbox.pending())
    if pending:
        log.info("outbox: %d booking(s) waiting from before the restart", pending)
        client.worker()
    return pending


privacy.install()
resume_outbox()
