"""Speech recognition behind one small interface (see base.py); engines are chosen in select.py."""
from .base import AsrEngine, AsrUnavailable, Recognizer
from .select import load_engine

__all__ = ["AsrEngine", "AsrUnavailable", "Recognizer", "load_engine"]
