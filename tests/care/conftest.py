"""tests/care spans environments: the scheduler tests need the services' SQLAlchemy 2 (.venv), the
conversation tests rasa_sdk (.venv-rasa), the outbound call the voice stack (.venv-voice). Each
environment collects only the files it can import."""
from __future__ import annotations

import importlib.util


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _services_env() -> bool:
    if not _has("sqlalchemy") or not _has("fastapi"):
        return False
    import sqlalchemy
    return int(sqlalchemy.__version__.split(".")[0]) >= 2


collect_ignore_glob: list[str] = []
if not _services_env():
    collect_ignore_glob += ["test_week.py", "test_followup.py", "test_two_workers.py", "test_findings.py", "support.py"]
if not _has("rasa_sdk"):
    collect_ignore_glob += ["test_conversation_actions.py", "test_checkin_dialogue.py"]
if not (_has("soundfile") and _has("faster_whisper")):
    collect_ignore_glob += ["test_outbound_kamailio.py"]
