"""Run the Application inside an existing event loop (the demo and end-to-end tests)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import logging
import signal
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram.error import TelegramError

from bot.services import AppType

log = logging.getLogger(__name__)
# Stopping waits for running jobs; one that takes longer than this is reported with its stack.
STOP_PATIENCE = 20.0

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
]


@asynccontextmanager
async def polling(app: AppType, *, poll_timeout: int = 10) -> AsyncIterator[AppType]:
    """Start polling like `run_polling` does (hooks included), yield, then stop cleanly: a
    stop or shutdown that hangs is reported with every task's stack, then given up."""
    if app.updater is None:
        msg = "the application was built without an updater"
        raise RuntimeError(msg)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=functools.partial(_polling_failed, app),
        )
        await app.start()
        try:
            yield app
        finally:
            try:
                await _patiently("stopping", _stop(app))
            finally:
                if app.post_stop is not None:  # the features stop even if the app did not
                    await _patiently("stopping the features", app.post_stop(app))
    finally:
        await _patiently("shutting down", _shut_down(app))


async def serve(app: AppType, *, poll_timeout: int = 10, every: float = 1.0) -> None:
    """Run the bot until SIGTERM or SIGINT (`sleutelnet run`), polling Telegram only while
    this process is the active one: it holds the sender lock (PostgreSQL; SQLite serves one
    process), so it also sends and runs the jobs. A standby process asks Telegram for no
    updates, and starts as soon as the outbox's election makes it the active one; an active
    one that loses the lock stops polling at once."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    updater = app.updater
    if updater is None:
        msg = "the application was built without an updater"
        raise RuntimeError(msg)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            await _follow_the_lock(app, stopping, poll_timeout, every)
        finally:
            try:
                await _patiently("stopping", _stop(app))
            finally:
                if app.post_stop is not None:
                    await _patiently("stopping the features", app.post_stop(app))
    finally:
        await _patiently("shutting down", _shut_down(app))


async def _follow_the_lock(
    app: AppType, stopping: asyncio.Event, poll_timeout: int, every: float
) -> None:
    """Poll while this process holds the sender lock, stand by while another does."""
    assert app.updater is not None
    outbox = app.bot_data.services.outbox
    polling_now: bool | None = None
    while not stopping.is_set():
        if outbox.leading and not polling_now:
            await app.updater.start_polling(
                poll_interval=0,
                timeout=poll_timeout,
                allowed_updates=ALLOWED_UPDATES,
                error_callback=functools.partial(_polling_failed, app),
            )
            log.info("this process is active: it polls Telegram, sends and runs the jobs")
            polling_now = True
        elif not outbox.leading and polling_now is not False:
            if app.updater.running:
                await app.updater.stop()
            log.info("another process is active; this one stands by without calling Telegram")
            polling_now = False
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(every):
                await stopping.wait()


def _polling_failed(app: AppType, error: TelegramError) -> None:
    """Hand a polling error to the error handlers, as run_polling does (a 409, say)."""
    app.create_task(app.process_error(error=error, update=None))


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
