"""Call records to the dispatch service (POST /dispatch/v1/calls).

A record is written to a spool file first and deleted once dispatch accepted it, so a call
record survives dispatch being down, and a restart: pending files are resent in the background.
"""
from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

log = logging.getLogger(__name__)


class CallLog:
    def __init__(self, dispatch_url: str, token: str, spool_dir: Path, retry_s: float = 5.0,
                 timeout_s: float = 3.0):
        self.url = dispatch_url.rstrip("/") + "/dispatch/v1/calls"
        self.token, self.spool, self.retry_s, self.timeout_s = token, Path(spool_dir), retry_s, timeout_s
        self.spool.mkdir(parents=True, exist_ok=True)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._resend_loop, name="call-log", daemon=True)
        self._thread.start()

    def record(self, record: dict) -> None:
        """Keep the record on disk, then try to deliver it (and anything else pending) now."""
        path = self.spool / f"{uuid.uuid4().hex}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        self.flush()

    def pending(self) -> list[Path]:
        return sorted(self.spool.glob("*.json"))

    def flush(self) -> int:
        """Deliver what is pending; returns how many are still waiting."""
        with self._lock:
            for path in self.pending():
                status = self._post(path.read_bytes())
                if status is None:  # dispatch unreachable: keep everything for the next round
                    break
                if status == 422:  # a record dispatch will never take: keep it aside for a person
                    path.rename(path.with_suffix(".rejected"))
                    log.error("call record %s refused by dispatch", path.name)
                else:
                    path.unlink()
            return len(self.pending())

    def _post(self, body: bytes) -> int | None:
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            if exc.code in (400, 422):
                return 422
            log.warning("dispatch answered %s to a call record; will retry", exc.code)
            return None
        except (urllib.error.URLError, OSError) as exc:
            log.warning("dispatch unreachable for call records (%s); will retry", exc)
            return None

    def _resend_loop(self) -> None:
        while not self._stop.is_set():
            if self.pending():
                self.flush()
            self._stop.wait(self.retry_s)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.timeout_s + 1)
