"""The voice session is now the turn pipeline (voice/pipeline/); these names remain for older imports."""
from assistant.rasa_client import RasaClient, RasaUnavailable

from ..pipeline import Pipeline as VoiceSession
from ..pipeline import State, loopback, prompts

__all__ = ["RasaClient", "RasaUnavailable", "State", "VoiceSession", "loopback", "prompts"]
