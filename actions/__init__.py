"""Rasa SDK action server: one module per skill, API clients in ``clients/``."""
