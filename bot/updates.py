"""Updates are handled concurrently, but those of one chat strictly in the order they came.

PTB handles one update at a time by default, so one slow command (a long listing, a big
export) makes everybody wait. With this processor a key person's /help is answered while a
coordinator's listing is still being built, and a person's own messages (a dialogue, a signal
and its additions, two quick button presses) still run one after the other.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.metrics import Metrics

# Updates handled at once. Waiting updates of one busy chat hold a place each, so this is well
# above what one chat can send before its first update is done.
CONCURRENT = 256


def chat_key(update: object) -> int | None:
    """Return what orders an update: its chat (a private chat is its person), else its user."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrder(BaseUpdateProcessor):
    """Process different chats' updates at the same time, each chat's in order."""

    def __init__(
        self, max_concurrent_updates: int = CONCURRENT, *, metrics: Metrics | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._metrics = metrics
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: Counter[int] = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers after the earlier updates of its chat."""
        if self._metrics is not None:
            self._metrics.update(update)
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] += 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: the application waits for running updates itself."""
