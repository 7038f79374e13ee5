"""Run the Application inside an existing event loop (the demo and end-to-end tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.services import AppType

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
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
                await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
