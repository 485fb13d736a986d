"""Deterministic demo city for development and tests: ``python -m services.seed``."""
