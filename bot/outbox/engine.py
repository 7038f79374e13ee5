"""The outbox engine: claim due rows of every source, do their work, commit every outcome.

Durability: everything the bot promised to send is a row before anything is sent. Per source,
a claimer takes a small batch (skip-locked, eligibility checked again), couriers do the work
through the bot and so through the one pacer, and one writer commits each outcome as soon as
Telegram answers (several per transaction under load). After a crash, `recover()` releases
claimed rows. A message can go twice only if its row was claimed and its outcome not committed
when the process died, or after a timeout, which Telegram leaves ambiguous.

Each source has its own claimer and couriers, so a small urgent source (a signal notice) never
waits behind a large batch of another (an alert to thousands); the pacer's priorities order
what reaches Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ExtBot

from bot.clock import Clock
from bot.outbox.source import Outcome, Source
from bot.supervisor import Patience, Supervisor, describe
from storage.db import Database, is_transient

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Lane:
    """One source's claimer state and job queue."""

    source: Source[Any]
    jobs: asyncio.Queue[Any]
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    claiming: Patience = field(init=False)
    passes: int = 0
    idle_pass: int = 0
    in_flight: int = 0  # claimed, outcome not yet committed

    def __post_init__(self) -> None:
        self.claiming = Patience(f"claiming {self.source.kind} outbox rows")

    @property
    def claimer(self) -> str:
        """Return the name of this lane's claimer loop."""
        return f"outbox-claimer-{self.source.kind}"


class OutboxEngine:
    """Drain the outbox: per source a claimer and couriers, one writer for every outcome."""

    def __init__(
        self,
        db: Database,
        bot: ExtBot[Any],
        clock: Clock,
        sources: Sequence[Source[Any]],
        *,
        idle_poll: float = 1.0,
    ) -> None:
        self.db, self.bot, self.clock, self.idle_poll = db, bot, clock, idle_poll
        self._lanes = [_Lane(s, asyncio.Queue(maxsize=s.workers)) for s in sources]
        self._by_kind = {lane.source.kind: lane for lane in self._lanes}
        # Bounded, so couriers pause when the database falls behind instead of piling up
        # messages that were sent but not yet recorded.
        self._bound = max((s.workers for s in sources), default=1)
        self._outcomes: asyncio.Queue[tuple[_Lane, Outcome[Any]]] = asyncio.Queue(
            maxsize=self._bound
        )
        self._loops = Supervisor()
        self._recording = Patience("recording outbox outcomes")
        self._idle = asyncio.Event()
        self._settled = asyncio.Event()
        self._in_flight = self._performing = 0

    def wake(self, kind: str | None = None) -> None:
        """Look for due work of one source (or all) now instead of at the next poll."""
        lanes = self._lanes if kind is None else [self._by_kind[kind]]
        for lane in lanes:
            lane.wake.set()

    async def start(self) -> None:
        """Release rows a crashed run left claimed, then start claiming and sending."""
        await self.recover()
        for lane in self._lanes:
            self._loops.spawn(lane.claimer, functools.partial(self._claim_loop, lane))
        self._loops.spawn("outbox-writer", self._writer)
        for lane in self._lanes:
            for i in range(lane.source.workers):
                name = f"outbox-courier-{lane.source.kind}-{i}"
                self._loops.spawn(name, functools.partial(self._worker, lane))

    @property
    def alive(self) -> bool:
        """Tell whether every claimer, the writer and every courier are running."""
        expected = 1 + sum(1 + lane.source.workers for lane in self._lanes)
        return len(self._loops.names) == expected

    @property
    def errors(self) -> int:
        """Return how often the engine's database steps failed (retried) or its loops did."""
        claiming = sum(lane.claiming.total for lane in self._lanes)
        return self._loops.errors.total() + self._recording.total + claiming

    async def stop(self, grace: float = 10.0) -> None:
        """Stop cleanly: finish sends in progress, commit their outcomes, release the rest.

        Never raises: a database that is away now leaves the rows claimed, and the next start
        (of this or another process) releases them."""
        if not self._loops.names:
            return
        for lane in self._lanes:
            await self._loops.cancel(lane.claimer)  # nothing new is taken on
        for lane in self._lanes:
            while not lane.jobs.empty():  # not started: recover() makes them claimable again
                lane.jobs.get_nowait()
                lane.jobs.task_done()
                lane.in_flight -= 1
                self._in_flight -= 1
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                while self._performing or not self._outcomes.empty() or self._in_flight:
                    self._settled.clear()
                    await self._settled.wait()
        await self._loops.stop()
        try:
            await self.recover()
        except Exception as error:  # the next start releases them
            log.warning("could not release claimed outbox rows at stop (%s)", describe(error))

    async def abandon(self) -> None:
        """Stop at once without touching the database (another process now sends)."""
        await self._loops.stop()

    async def recover(self) -> int:
        """Release every claimed row of every source (one sender per database); return how
        many."""
        async with self.db.begin() as session:
            released = 0
            for lane in self._lanes:
                released += await lane.source.recover(session)
        return released

    async def drained(self) -> None:
        """Wait until nothing is due, claimed or in flight (tests and the benchmark)."""
        # Only a claim pass that starts after this call may report "nothing to do".
        after = {lane.source.kind: lane.passes for lane in self._lanes}

        def settled(lane: _Lane) -> bool:
            return lane.idle_pass > after[lane.source.kind] and lane.jobs.empty()

        while True:
            if self._in_flight == 0 and all(settled(lane) for lane in self._lanes):
                return
            self._idle.clear()
            # Wake only the lanes still to report idle: waking lanes that already did would
            # spin them (each wakes, finds nothing, reports idle, is woken again).
            busy = [lane for lane in self._lanes if not settled(lane) or lane.in_flight]
            for lane in busy or self._lanes:
                lane.wake.set()
            await self._idle.wait()

    # --- claiming -----------------------------------------------------------------------------

    async def _claim_loop(self, lane: _Lane) -> None:
        source, patience = lane.source, lane.claiming
        while True:
            lane.passes += 1
            current = lane.passes
            try:
                async with self.db.begin() as session:
                    jobs = await source.claim(session, source.batch, self.clock.now())
            except Exception as error:
                if not is_transient(error):
                    raise  # the supervisor logs it and starts the claimer again
                await patience.failed(error)
                continue
            patience.succeeded()
            if not jobs:
                if lane.in_flight == 0 and lane.jobs.empty():
                    lane.idle_pass = current
                    self._idle.set()
                lane.wake.clear()
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow the
                # cancellation that stops this loop when the wake comes at the same moment.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.idle_poll):
                        await lane.wake.wait()
                continue
            for job in jobs:
                await lane.jobs.put(job)
                # Counted once queued: a claimer cancelled while waiting to queue leaves the
                # rest claimed, and recover() releases them.
                lane.in_flight += 1
                self._in_flight += 1

    # --- sending ------------------------------------------------------------------------------

    async def _worker(self, lane: _Lane) -> None:
        while True:
            job = await lane.jobs.get()
            self._performing += 1
            try:
                outcome = await self._process(lane, job)
            finally:
                self._performing -= 1
            await self._outcomes.put((lane, outcome))
            lane.jobs.task_done()

    async def _process(self, lane: _Lane, job: Any) -> Outcome[Any]:
        try:
            return await lane.source.perform(self.bot, job)
        except Exception:  # never lose the courier; the row is retried later
            log.exception("%s outbox job failed unexpectedly", lane.source.kind)
            return lane.source.failed(job)

    async def _writer(self) -> None:
        # One writer commits outcomes as soon as they arrive, many per transaction under load:
        # the gap between Telegram accepting a message and the database knowing it (the only
        # window in which a crash can cause a duplicate) stays a few milliseconds.
        while True:
            batch = [await self._outcomes.get()]
            while not self._outcomes.empty() and len(batch) < self._bound:
                batch.append(self._outcomes.get_nowait())
            by_lane: dict[_Lane, list[Outcome[Any]]] = {}
            for lane, outcome in batch:
                by_lane.setdefault(lane, []).append(outcome)
            await self._commit(by_lane)
            self._in_flight -= len(batch)
            for lane, outcomes in by_lane.items():
                lane.in_flight -= len(outcomes)
                lane.source.settled(outcomes)
                if any(not o.done or o.sent for o in outcomes) or (
                    lane.in_flight == 0 and lane.jobs.empty()
                ):
                    lane.wake.set()  # retries and follow-ups are due; or let it report idle
            self._settled.set()

    async def _commit(self, by_lane: dict[_Lane, list[Outcome[Any]]]) -> None:
        while True:
            try:
                async with self.db.begin() as session:
                    now = self.clock.now()
                    for lane, outcomes in by_lane.items():
                        await lane.source.record(session, outcomes, now)
            except Exception as error:  # whatever it is, the outcomes are kept and tried again
                await self._recording.failed(error)
                continue
            self._recording.succeeded()
            return
