"""Shared fixtures: the four papers in ../shared/policy_docs, parsed once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.settings import settings  # noqa: E402
from services.policy.index import PolicyIndex  # noqa: E402
from services.policy.ingest import ingest_folder  # noqa: E402


@pytest.fixture(scope="session")
def documents():
    if not settings.policy_docs_dir.is_dir():
        pytest.skip(f"policy papers not found at {settings.policy_docs_dir}")
    return {doc.meta.doc_id: doc for doc in ingest_folder(settings.policy_docs_dir)}


@pytest.fixture(scope="session")
def index(documents):
    return PolicyIndex([c for doc in documents.values() for c in doc.clauses])
