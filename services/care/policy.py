"""What a deployment tunes about outbound care (one typed place; the defaults follow the papers:
special-difficulty elders at least weekly, everyone monthly, retries within the hour)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

RISK_GROUPS = ("独居", "失能", "高龄", "一般")
CHANNELS = ("phone", "speaker", "widget")
UNANSWERED = ("no_answer", "busy", "rejected", "failed")
OUTCOMES = ("answered", *UNANSWERED)


@dataclass(frozen=True)
class CarePolicy:
    # days between check-ins, per risk group
    cadence_days: dict[str, int] = field(default_factory=lambda: {"独居": 7, "失能": 7, "高龄": 7, "一般": 30})
    window: timedelta = timedelta(hours=3)  # calls start within call_time … call_time + window
    # a failed call is retried after this long (pushed into the next window if need be)
    retry_after: dict[str, timedelta] = field(default_factory=lambda: {
        "no_answer": timedelta(minutes=60), "busy": timedelta(minutes=15),
        "rejected": timedelta(hours=2), "failed": timedelta(minutes=30)})
    max_attempts: int = 3  # calls per job before the check-in counts as missed
    escalate_after_missed_calls: int = 3  # unanswered calls in a row (Hongkou's 36129000: three)
    visit_deadline: timedelta = timedelta(hours=24)  # a community worker on site within
    max_lines: int = 4  # concurrent outbound calls (all workers together)
    calls_per_minute: int = 20
    lease: timedelta = timedelta(minutes=10)  # a claimed job whose worker vanished is retried after this
    max_claims: int = 5  # a job that keeps killing workers stops being retried
    followup_delay: timedelta = timedelta(hours=2)  # 回访 this long after an order is done
    followup_lookback: timedelta = timedelta(days=14)  # older done orders get no 回访
    poor_score: int = 2  # a 回访 score at or below this files a complaint

    def cadence(self, risk_group: str) -> timedelta:
        return timedelta(days=self.cadence_days.get(risk_group, self.cadence_days["一般"]))


DEFAULT_POLICY = CarePolicy()
