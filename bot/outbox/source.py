"""What a feature provides to the outbox: a source of claimable rows and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ExtBot

J = TypeVar("J")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[J]):
    """What happened to a job: column values for its row, and what the engine should know."""

    job: J
    values: dict[str, Any] = field(default_factory=dict)
    unreachable: bool = False
    sent: bool = False  # something now exists at the recipient's (a follow-up may be due)
    done: bool = True  # the job's work is finished (else it stays, due again later)


@dataclass(frozen=True, slots=True)
class Backlog:
    """A source's work that is due now: how much, and since when (if it knows)."""

    due: int
    oldest: datetime | None = None


class Source(Protocol[J]):
    """Rows one feature promised to send, as the engine claims, performs and records them.

    `claim` runs right before sending: it takes due rows with skip-locked (so no two claimers
    take one row), re-checks that each may still go to its recipient (dropping those that may
    not) and marks the rest claimed. `perform` talks to Telegram through the bot (so through
    the one pacer) and never raises for an answer of Telegram's. `record` writes outcomes in
    the engine's one writer transaction; `settled` runs after it committed. `recover` releases
    whatever a crashed or stopped run left claimed.
    """

    kind: str
    workers: int  # couriers doing this source's jobs at once
    batch: int  # rows claimed at most per claim

    async def recover(self, session: AsyncSession) -> int:
        """Release every row left claimed; return how many."""
        ...

    async def claim(self, session: AsyncSession, limit: int, now: datetime) -> list[J]:
        """Claim up to `limit` due, still eligible rows; drop the ineligible; return jobs."""
        ...

    async def perform(self, bot: ExtBot[Any], job: J) -> Outcome[J]:
        """Do one job against Telegram and classify the answer."""
        ...

    def failed(self, job: J) -> Outcome[J]:
        """Return the outcome of a job whose perform raised unexpectedly (retry it later)."""
        ...

    async def record(
        self, session: AsyncSession, outcomes: list[Outcome[J]], now: datetime
    ) -> None:
        """Write outcomes to their rows (the caller commits)."""
        ...

    def settled(self, outcomes: list[Outcome[J]]) -> None:
        """Note that outcomes were committed."""
        ...

    async def backlog(self, session: AsyncSession, now: datetime) -> Backlog:
        """Count what is due now, and when the oldest of it became due (for /metrics)."""
        ...
