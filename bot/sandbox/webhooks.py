"""Webhook delivery: while a webhook is set, the sandbox POSTs each update to it, as Telegram does.

One update at a time, in order, with the `X-Telegram-Bot-Api-Secret-Token` header when a
secret was given. A 2xx answer confirms the update; anything else (403, 503, a refused
connection, a timeout) is recorded as the webhook's last error, shown by getWebhookInfo, and
the same update is tried again after a backoff that doubles up to `retry_cap` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp

from bot.sandbox.world import World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
IDLE_WAIT = 60.0  # seconds the courier waits for work before looking again


class WebhookCourier:
    """Deliver pending updates to the webhook set in `world` until stopped."""

    def __init__(self, world: World, *, retry_cap: float = 1.0, timeout: float = 10.0) -> None:
        self.world, self.retry_cap, self.timeout = world, retry_cap, timeout
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start delivering in the background."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="sandbox-webhook")

    async def stop(self) -> None:
        """Stop delivering (an update in flight stays pending)."""
        if self._task is not None:
            task, self._task = self._task, None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _ready(self) -> bool:
        world = self.world
        return world.stopped or (
            bool(world.webhook) and not world.down and bool(world.deliverable(1))
        )

    async def _run(self) -> None:
        delay = 0.0
        async with aiohttp.ClientSession() as session:
            while not self.world.stopped:
                with contextlib.suppress(TimeoutError):
                    await self.world.signal.wait_for(self._ready, IDLE_WAIT)
                if self.world.stopped:
                    return
                if not self._ready():
                    continue
                if delay:
                    await asyncio.sleep(delay)
                    if not self._ready() or self.world.stopped:
                        continue
                update = self.world.deliverable(1)[0]
                if await self._post(session, update):
                    self.world.confirm(update["update_id"] + 1)
                    self.world.signal.notify()
                    delay = 0.0
                else:
                    delay = min(max(delay * 2, 0.05), self.retry_cap)

    async def _post(self, session: aiohttp.ClientSession, update: dict[str, object]) -> bool:
        webhook = self.world.webhook
        headers: dict[str, str] = {}
        if webhook.get("secret_token"):
            headers[SECRET_HEADER] = str(webhook["secret_token"])
        try:
            async with session.post(
                str(webhook["url"]),
                json=update,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            self.world.webhook_answers["network"] += 1
            self._failed(f"Connection failed: {type(error).__name__}")
            return False
        self.world.webhook_answers[str(status)] += 1
        if 200 <= status < 300:
            return True
        self._failed(f"Wrong response from the webhook: {status} {response.reason}")
        return False

    def _failed(self, message: str) -> None:
        self.world.webhook_error = (int(time.time()), message)
        self.world.signal.notify()  # tests wait for the webhook's answers
