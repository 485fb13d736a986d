"""HTTP clients for the platform APIs: the actions' only way to the world."""
from actions.clients.http import ApiError, ServiceUnavailable
from actions.clients.records import RecordsClient
from actions.clients.dispatch import DispatchClient, OrderReceipt
from actions.clients.policy import PolicyClient

__all__ = ["ApiError", "ServiceUnavailable", "RecordsClient", "DispatchClient", "OrderReceipt", "PolicyClient"]
