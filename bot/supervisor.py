"""Background work that never ends silently: a failure is logged once, counted, and retried.

Scheduled jobs (every feature's `Job`, run by the JobQueue) run as `Guarded` rounds: a failed
round is logged once by the job's name and the error's type, counted, and the job simply runs
again at its next time; the first round that works again says so. The outbox engine's worker
loops (claimer, writer, couriers) run under a Supervisor. When a loop raises, the supervisor
logs one line naming the loop and the error's type (never its message: a database error
carries the values of its query), counts it, waits with capped exponential backoff, and starts
the loop again. Repeated failures of the same loop are counted, not logged again, until it has
run for a while without one; then one line says it recovered. Stopping never raises.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError

from storage.db import sqlstate

log = logging.getLogger(__name__)
# Seconds before a task that goes on after being cancelled is cancelled again.
CANCEL_AGAIN = 0.5

Loop = Callable[[], Coroutine[Any, Any, None]]
Step = Callable[[Any], Coroutine[Any, Any, object]]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Wait `first` seconds after a failure, doubling up to `cap`."""

    first: float = 0.05
    cap: float = 5.0
    # A loop that ran this long since its last failure starts again from `first`.
    healthy_after: float = 30.0


def describe(error: BaseException) -> str:
    """Name an error without its message: 'DBAPIError (DeadlockDetectedError, 40P01)'."""
    name = type(error).__name__
    if isinstance(error, DBAPIError) and error.orig is not None:
        driver = error.orig.__cause__ or error.orig
        state = sqlstate(error)
        return f"{name} ({type(driver).__name__}{', ' + state if state else ''})"
    return name


class Patience:
    """Retry one step after transient errors: the first failure is logged once, the retries
    back off, and the first success after them is logged and starts the backoff again."""

    def __init__(self, what: str, backoff: Backoff | None = None) -> None:
        self.what = what
        self.backoff = backoff or Backoff(cap=2.0)
        self.delay = self.backoff.first
        self.failures = 0  # in a row
        self.total = 0

    async def failed(self, error: BaseException) -> None:
        """Note a failure and wait before the retry."""
        if not self.failures:
            log.warning("%s failed (%s); retrying", self.what, describe(error))
        self.failures += 1
        self.total += 1
        await asyncio.sleep(self.delay)
        self.delay = min(self.delay * 2, self.backoff.cap)

    def succeeded(self) -> None:
        """Note a success: log the recovery, if any, and start the backoff again."""
        if self.failures:
            log.info("%s works again after %d retries", self.what, self.failures)
            self.failures, self.delay = 0, self.backoff.first


async def finish(task: asyncio.Task[Any]) -> None:
    """Cancel a task and wait until it has ended, cancelling it again while it goes on: on
    Python 3.11 asyncio.wait_for (in a library, say) can swallow a cancellation, and a stop
    that waits for such a task would wait for ever. Never raises."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_AGAIN)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


class Supervisor:
    """Start named loops, restart them after failures, and stop them all without raising."""

    def __init__(self, backoff: Backoff | None = None) -> None:
        self.backoff = backoff or Backoff()
        self.errors: Counter[str] = Counter()  # loop name -> failures since start
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def spawn(self, name: str, loop: Loop) -> None:
        """Run `loop` until stopped, restarting it whenever it raises or returns."""
        self._tasks[name] = asyncio.create_task(self._guard(name, loop), name=name)

    @property
    def names(self) -> list[str]:
        """Return the names of the loops running."""
        return [name for name, task in self._tasks.items() if not task.done()]

    async def cancel(self, name: str) -> None:
        """Stop one loop and wait for it; never raises."""
        task = self._tasks.pop(name, None)
        if task is not None:
            await finish(task)

    async def stop(self) -> None:
        """Cancel every loop and wait for it; never raises."""
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        for task in tasks:
            await finish(task)

    async def _guard(self, name: str, loop: Loop) -> None:
        delay = self.backoff.first
        failing = False
        while True:
            runner = asyncio.create_task(loop(), name=f"{name}-run")
            error: BaseException | None = None
            try:
                if failing:
                    done, _ = await asyncio.wait({runner}, timeout=self.backoff.healthy_after)
                    if not done:
                        log.info("%s is running again after %d errors", name, self.errors[name])
                        failing, delay = False, self.backoff.first
                await runner
            except asyncio.CancelledError:
                await finish(runner)
                raise
            except Exception as caught:
                error = caught
            self.errors[name] += 1
            if not failing:
                failing = True
                what = describe(error) if error is not None else "it returned"
                log.error("%s stopped: %s; restarting it with backoff", name, what)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.backoff.cap)


class Guarded:
    """One scheduled job's rounds: a failure is logged once and counted, never raised to the
    scheduler; a round that is due while the last one still runs is skipped."""

    def __init__(
        self,
        name: str,
        step: Step,
        errors: Counter[str],
        active: Callable[[], bool] | None = None,
    ) -> None:
        self.name, self.step, self.errors = name, step, errors
        # When given: rounds run only while it says this process is the active one.
        self.active = active
        self.failures = 0  # in a row
        self._running = False

    async def __call__(self, context: Any) -> None:
        """Run one round of the job; none while the application is stopping (what the job
        needs, the outbox or the database, may be closing)."""
        if self._running or not context.application.running:
            return
        if self.active is not None and not self.active():
            return  # a standby process: the active one runs this job
        self._running = True
        try:
            await self.step(context)
        except Exception as error:
            self.errors[self.name] += 1
            self.failures += 1
            if self.failures == 1:
                log.error("%s failed: %s; trying again at its next run", self.name, describe(error))
        else:
            if self.failures:
                log.info("%s works again after %d errors", self.name, self.failures)
                self.failures = 0
        finally:
            self._running = False
