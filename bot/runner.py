"""Run the Application inside an existing event loop (the demo and end-to-end tests)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import signal
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram.error import TelegramError

from bot.services import AppType
from bot.supervisor import describe

log = logging.getLogger(__name__)
# Stopping waits for running jobs; one that takes longer than this is reported with its stack.
STOP_PATIENCE = 20.0


@asynccontextmanager
async def receiving(app: AppType, *, poll_timeout: int = 10) -> AsyncIterator[AppType]:
    """Start the bot and receive updates as configured (polling or webhook), like
    `run_polling` does (hooks included), yield, then stop cleanly: a stop or shutdown that
    hangs is reported with every task's stack, then given up."""
    receiver = app.bot_data.receiver
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        try:
            await receiver.open(app)
            try:
                await receiver.activate(app, poll_timeout=poll_timeout)
                await app.start()
                yield app
            finally:  # nothing is accepted that the stopping application would drop
                await _patiently("stopping receiving updates", receiver.close(app))
        finally:
            await _stopping(app)
    finally:
        await _patiently("shutting down", _shut_down(app))


async def serve(
    app: AppType, *, poll_timeout: int = 10, every: float = 1.0, check_every: float = 60.0
) -> None:
    """Run the bot until SIGTERM or SIGINT (`sleutelnet run`), receiving updates only while
    this process is the active one: it holds the sender lock (PostgreSQL; SQLite serves one
    process), so it also sends and runs the jobs. A standby process asks Telegram for nothing,
    and starts receiving as soon as the outbox's election makes it the active one; an active
    one that loses the lock stops at once."""
    loop = asyncio.get_running_loop()
    log.info("event loop: %s", type(loop).__module__.partition(".")[0])
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    receiver = app.bot_data.receiver
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        try:
            await receiver.open(app)
            try:
                await app.start()
                await _follow_the_lock(app, stopping, poll_timeout, every, check_every)
            finally:
                await _patiently("stopping receiving updates", receiver.close(app))
        finally:
            await _stopping(app)
    finally:
        await _patiently("shutting down", _shut_down(app))


async def _stopping(app: AppType) -> None:
    try:
        await _patiently("stopping", _stop(app))
    finally:
        if app.post_stop is not None:  # the features stop even if the app did not
            await _patiently("stopping the features", app.post_stop(app))


async def _follow_the_lock(
    app: AppType, stopping: asyncio.Event, poll_timeout: int, every: float, check_every: float
) -> None:
    """Receive while this process holds the sender lock, stand by while another does; while
    active, check now and then that updates still reach this process."""
    receiver = app.bot_data.receiver
    outbox = app.bot_data.services.outbox
    loop = asyncio.get_running_loop()
    receiving_now: bool | None = None
    checked = loop.time()
    while not stopping.is_set():
        try:
            if outbox.leading and not receiving_now:
                await receiver.activate(app, poll_timeout=poll_timeout)
                log.info("this process is active: it receives updates, sends and runs the jobs")
                receiving_now, checked = True, loop.time()
            elif not outbox.leading and receiving_now is not False:
                await receiver.stand_by(app)
                log.info("another process is active; this one stands by without calling Telegram")
                receiving_now = False
            elif receiving_now and loop.time() - checked >= check_every:
                checked = loop.time()
                await receiver.check(app)
        except TelegramError as error:  # logged by the receiver; tried again next round
            log.warning("receiving updates: %s; trying again in %.0f s", describe(error), every)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(every):
                await stopping.wait()


async def _stop(app: AppType) -> None:
    """Stop polling and the application (the job rounds still running are cancelled if it
    waits for them too long)."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        if app.job_queue is not None:
            app.job_queue.scheduler.pause()  # no new rounds; the running ones finish in stop()
        stopping = asyncio.ensure_future(app.stop())
        done, _ = await asyncio.wait({stopping}, timeout=STOP_PATIENCE)
        if not done:
            log.error("stopping waits for job rounds; cancelling them:\n%s", _stacks())
            _cancel_job_rounds(app)
        await stopping


async def _shut_down(app: AppType) -> None:
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def _patiently(what: str, step: Coroutine[Any, Any, None]) -> None:
    """Run a step of stopping; if it takes over STOP_PATIENCE, log every task's stack (no
    data), and after twice that, give it up with an error: a stop never hangs."""
    task = asyncio.ensure_future(step)
    for attempt in range(2):
        done, _ = await asyncio.wait({task}, timeout=STOP_PATIENCE)
        if done:
            await task  # its own error, if any
            return
        log.error(
            "%s takes over %.0f s; waiting for:\n%s", what, STOP_PATIENCE * (attempt + 1), _stacks()
        )
    task.cancel()  # bounded too: a task can swallow its cancellation (see supervisor.finish)
    await asyncio.wait({task}, timeout=STOP_PATIENCE)
    if task.done() and not task.cancelled():
        task.exception()  # retrieved: given up anyway
    msg = f"{what} hung for {2 * STOP_PATIENCE:.0f} s and was given up (stacks logged)"
    raise RuntimeError(msg)


def _stacks() -> str:
    """Return the stacks of every other task (code locations only, never values)."""
    stacks = io.StringIO()
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task():
            task.print_stack(limit=12, file=stacks)
    return stacks.getvalue()


def _cancel_job_rounds(app: AppType) -> None:
    """Cancel the job rounds APScheduler is still running (stop waits for them)."""
    if app.job_queue is None:
        return
    executor = app.job_queue.scheduler._lookup_executor("default")
    for future in list(getattr(executor, "_pending_futures", ())):
        future.cancel()
