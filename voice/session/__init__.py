"""The voice session: listening → thinking → speaking, shared by every audio channel."""
from .machine import State
from .rasa_client import NluUnavailable, RasaClient
from .session import VoiceSession

__all__ = ["NluUnavailable", "RasaClient", "State", "VoiceSession"]
