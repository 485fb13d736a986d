"""Proactive care: care plans, the durable check-in / 回访 call scheduler, escalations and figures."""
