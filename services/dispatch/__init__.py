"""Dispatch service (/dispatch/v1): work orders, notifications, providers, call records."""
