"""Run the Application inside an existing event loop (the demo and end-to-end tests)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

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
    """Start polling like `run_polling` does (hooks included), yield, then stop cleanly."""
    if app.updater is None:
        msg = "the application was built without an updater"
        raise RuntimeError(msg)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(
            poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await _stop(app)
            if app.post_stop is not None:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def _stop(app: AppType) -> None:
    """Stop the application. If that hangs, say which tasks it waits for (stacks, no data),
    then cancel the job rounds still running, and at last stop waiting: a stop never hangs."""
    if app.job_queue is not None:
        app.job_queue.scheduler.pause()  # no new rounds; the running ones finish in stop()
    stopping = asyncio.ensure_future(app.stop())
    last_resorts: tuple[Callable[[], object], ...] = (
        lambda: _cancel_job_rounds(app),
        stopping.cancel,
    )
    for last_resort in last_resorts:
        done, _ = await asyncio.wait({stopping}, timeout=STOP_PATIENCE)
        if done:
            break
        stacks = io.StringIO()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.print_stack(limit=8, file=stacks)
        log.error("stopping takes over %.0f s; waiting for:\n%s", STOP_PATIENCE, stacks.getvalue())
        last_resort()
    with contextlib.suppress(asyncio.CancelledError):
        await stopping


def _cancel_job_rounds(app: AppType) -> None:
    """Cancel the job rounds APScheduler is still running (stop waits for them)."""
    if app.job_queue is None:
        return
    executor = app.job_queue.scheduler._lookup_executor("default")
    for future in list(getattr(executor, "_pending_futures", ())):
        future.cancel()
