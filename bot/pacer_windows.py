"""The pacer's building blocks: monotonic time, sliding windows, and queued sends."""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Protocol

EPSILON = 1e-6  # event-loop timers may fire a hair early: "due within a microsecond" is due
CATCH_UP = 0.05  # a late wake-up may catch up this much of the global schedule, never more
UNANSWERED = 60.0  # a send whose answer never comes stops counting after this long


class MonotonicClock(Protocol):
    """Monotonic time in seconds, and a way to wait for it to pass."""

    def now(self) -> float:
        """Return the current monotonic time in seconds."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return once ``seconds`` have passed."""
        ...


class SystemMonotonicClock:
    """The real monotonic clock, waiting on the event loop's timers."""

    def now(self) -> float:
        """Return ``time.monotonic()``, the clock asyncio's timers use."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(seconds)


class Send:
    """When one send left, moved on to when its answer came back."""

    __slots__ = ("answered", "at")

    def __init__(self, at: float) -> None:
        self.at = at
        self.answered = False

    def expires(self, period: float) -> float:
        """Return when this send leaves a window of ``period``, if no answer comes first."""
        return self.at + period + (0.0 if self.answered else UNANSWERED)


class Window:
    """At most ``capacity`` sends in any ``period`` seconds, ``spacing`` apart, unless blocked."""

    __slots__ = ("blocked_until", "capacity", "next_at", "period", "sends", "spacing")

    def __init__(self, capacity: int, period: float, spacing: float = 0.0) -> None:
        self.capacity = capacity
        self.period = period
        self.spacing = spacing
        self.sends: deque[Send] = deque()
        self.next_at = -math.inf
        self.blocked_until = -math.inf

    def used(self, now: float) -> int:
        """Forget sends that have left the window; return how many are still in it."""
        while self.sends and self.sends[0].expires(self.period) <= now:
            self.sends.popleft()
        return len(self.sends)

    def ready_at(self, now: float) -> float:
        """Return the earliest time one more send fits."""
        excess = self.used(now) + 1 - self.capacity
        fits = now
        if excess > 0:
            # Answers can arrive out of order: wait for the latest of the oldest `excess`.
            fits = max(send.expires(self.period) for send in itertools.islice(self.sends, excess))
        return max(fits, self.next_at, self.blocked_until)

    def record(self, send: Send, now: float) -> None:
        """Count a send leaving at ``now``."""
        self.sends.append(send)
        start = self.next_at if now - self.next_at <= CATCH_UP else now
        self.next_at = start + self.spacing

    def block(self, until: float) -> None:
        """Refuse every send until ``until``; a block only ever grows."""
        self.blocked_until = max(self.blocked_until, until)


@dataclass(eq=False, slots=True)
class Ticket:
    """One send waiting for its turn; ``seq`` is its place in the queue, kept across retries."""

    seq: int
    paid: bool
    granted: asyncio.Future[Send]


class ChatQueue:
    """One chat's window and the sends waiting for it, one FIFO queue per priority."""

    __slots__ = ("queues", "timer_at", "window")

    def __init__(self, window: Window | None) -> None:
        self.window = window
        self.queues: tuple[deque[Ticket], deque[Ticket]] = (deque(), deque())
        self.timer_at: float | None = None

    def head(self, priority: int) -> Ticket | None:
        """Return the first ticket still waiting, dropping those whose sender gave up."""
        queue = self.queues[priority]
        while queue and queue[0].granted.done():
            queue.popleft()
        return queue[0] if queue else None

    def insert(self, priority: int, ticket: Ticket) -> None:
        """Queue a ticket in seq order (a retry goes back to its old place)."""
        queue = self.queues[priority]
        index = len(queue)
        while index and queue[index - 1].seq > ticket.seq:
            index -= 1
        queue.insert(index, ticket)
