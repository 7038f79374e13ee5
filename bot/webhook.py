"""The webhook listener: Telegram POSTs each update here instead of the bot polling for it.

- A request without the right `X-Telegram-Bot-Api-Secret-Token` gets 403 and is never read:
  only Telegram knows the secret (it was given with setWebhook).
- A standby process answers 503: Telegram tries again later, and a load balancer that retries
  on 503 moves on to the active process (README, "Two processes").
- The active one puts the update in the application's queue and answers 200 at once; the
  handlers run as they do for polled updates (per-chat order, bot.updates.ChatOrder).

Nothing from a request is logged but its update id.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from telegram import Update

from bot.clock import Clock
from bot.config_webhook import WebhookConfig
from bot.metrics import Metrics
from bot.supervisor import describe

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few kilobytes; files come by file_id
REFUSALS_EVERY = timedelta(minutes=10)  # one warning per this long about forged requests


class WebhookListener:
    """An aiohttp server for Telegram's POSTs, started and stopped with the bot."""

    def __init__(
        self,
        app: Any,  # the Application: its bot and update_queue
        config: WebhookConfig,
        *,
        is_active: Callable[[], bool],
        clock: Clock,
        metrics: Metrics,
    ) -> None:
        self.app, self.config, self.is_active = app, config, is_active
        self.clock, self.metrics = clock, metrics
        self._secret = config.secret_token.encode()
        self._runner: web.AppRunner | None = None
        self._refused = 0
        self._refused_warned: datetime | None = None

    async def start(self) -> None:
        """Listen on the configured address (port 0 picks a free one, see `bound`)."""
        server = web.Application(client_max_size=MAX_UPDATE_BYTES)
        server.router.add_post(self.config.path, self._post)
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.config.host, self.config.port).start()
        log.info(
            "webhook listener on http://%s:%d%s", self.config.host, self.bound, self.config.path
        )

    @property
    def bound(self) -> int:
        """Return the port actually listened on."""
        if self._runner is None or not self._runner.addresses:
            return self.config.port
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening; a request in hand is answered first."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self._count("forbidden")
            self._warn_refused()
            return web.Response(status=403, text="forbidden\n")
        if not self.is_active():
            self._count("standby")
            return web.Response(status=503, text="standby\n", headers={"Retry-After": "1"})
        try:
            data = json.loads(await request.read())
        except ValueError:
            self._count("bad")
            return web.Response(status=400, text="not JSON\n")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            self._count("bad")
            return web.Response(status=400, text="not an update\n")
        try:
            update = Update.de_json(data, self.app.bot)
        except Exception as error:  # anything the library trips over; the data is never logged
            update_id = data["update_id"]
            log.warning("update %s could not be read (%s); skipped", update_id, describe(error))
            self._count("unreadable")
            return web.Response(text="skipped\n")  # 200: Telegram must not send it again
        await self.app.update_queue.put(update)
        self._count("ok")
        return web.Response(text="ok\n")

    def _count(self, outcome: str) -> None:
        self.metrics.webhook.labels(outcome).inc()

    def _warn_refused(self) -> None:
        """Log forged or misrouted requests as one WARNING per REFUSALS_EVERY, with a count."""
        self._refused += 1
        now = self.clock.now()
        if self._refused_warned is not None and now - self._refused_warned < REFUSALS_EVERY:
            return
        log.warning(
            "%d webhook request(s) without the right secret token refused (403) since the last"
            " warning: someone other than Telegram posts to the webhook, or the secret changed",
            self._refused,
        )
        self._refused, self._refused_warned = 0, now
