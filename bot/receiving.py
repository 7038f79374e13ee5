"""How updates reach the bot: it polls getUpdates, or Telegram posts them to its webhook.

The runner (bot.runner) drives a receiver through the same steps in either mode: `open` when
the bot starts, `activate` when this process becomes the active one, `stand_by` when another
process is, `check` now and then while active, and `close` when the bot stops.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any, Protocol

from telegram.error import BadRequest, NetworkError, TelegramError

from bot.config_webhook import WebhookConfig
from bot.metrics import UPDATE_KINDS
from bot.polling import PatientPolling
from bot.supervisor import describe
from bot.webhook import WebhookListener

log = logging.getLogger(__name__)

# The update kinds the bot asks Telegram for: those its handlers and /metrics know.
ALLOWED_UPDATES = list(UPDATE_KINDS)
# Telegram's default; it sends one chat's updates one after another either way.
WEBHOOK_CONNECTIONS = 40


class Receiver(Protocol):
    """One way of receiving updates."""

    @property
    def reachable(self) -> bool:
        """Tell whether Telegram answered the last time it was asked (/readyz)."""

    async def open(self, app: Any) -> None:
        """Prepare when the bot starts, in every role."""

    async def activate(self, app: Any, *, poll_timeout: int) -> None:
        """Start receiving: this process is the active one."""

    async def stand_by(self, app: Any) -> None:
        """Stop receiving: another process is the active one."""

    async def check(self, app: Any) -> None:
        """Check, while active, that updates still reach this process."""

    async def close(self, app: Any) -> None:
        """Let go of everything when the bot stops."""


class PollingReceiver:
    """Long polling with PTB's Updater over a PatientPolling connection."""

    def __init__(self, request: PatientPolling) -> None:
        self.request = request

    @property
    def reachable(self) -> bool:
        """Tell whether the last getUpdates got an answer."""
        return self.request.reachable

    async def open(self, app: Any) -> None:
        """Nothing to prepare: polling starts when this process is active."""

    async def activate(self, app: Any, *, poll_timeout: int) -> None:
        """Poll (PTB deletes a webhook left from webhook mode first)."""
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=functools.partial(_polling_failed, app),
        )

    async def stand_by(self, app: Any) -> None:
        """Stop polling, so that the active process is the only one asking Telegram."""
        if app.updater is not None and app.updater.running:
            await app.updater.stop()

    async def check(self, app: Any) -> None:
        """Nothing to check: PatientPolling reports outages as they happen."""

    async def close(self, app: Any) -> None:
        """Stop polling (confirming the last offset to Telegram)."""
        await self.stand_by(app)


def _polling_failed(app: Any, error: TelegramError) -> None:
    """Hand a polling error to the error handlers, as run_polling does (a 409, say)."""
    app.create_task(app.process_error(error=error, update=None))


class WebhookReceiver:
    """Telegram posts updates to the listener; the active process registers the webhook."""

    def __init__(self, listener: WebhookListener, config: WebhookConfig) -> None:
        self.listener, self.config = listener, config
        self._reachable = True
        self._last_error: datetime | None = None

    @property
    def reachable(self) -> bool:
        """Tell whether the last setWebhook or getWebhookInfo got an answer."""
        return self._reachable

    @property
    def url(self) -> str:
        """Return the URL Telegram posts to (port 0 on loopback: the port listened on)."""
        return self.config.url_for(self.listener.bound)

    async def open(self, app: Any) -> None:
        """Listen in every role: a standby answers 503, so that Telegram or the load balancer
        tries the active process."""
        await self.listener.start()

    async def activate(self, app: Any, *, poll_timeout: int) -> None:
        """Register the webhook with its secret; raise TelegramError if Telegram refuses."""
        await self._asking(
            app.bot.set_webhook(
                self.url,
                secret_token=self.config.secret_token,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=WEBHOOK_CONNECTIONS,
            )
        )
        log.info("webhook set: Telegram posts updates to %s", self.url)

    async def stand_by(self, app: Any) -> None:
        """Nothing to undo: the webhook stays for the next active process to receive on."""

    async def check(self, app: Any) -> None:
        """Ask Telegram how delivery goes: set the webhook again if someone changed it, and
        warn (once per new error) when Telegram could not deliver to it."""
        info = await self._asking(app.bot.get_webhook_info())
        if info.url != self.url:
            log.warning("the webhook was changed outside this bot; setting it again")
            await self.activate(app, poll_timeout=0)
            return
        when = info.last_error_date
        if when is not None and (self._last_error is None or when > self._last_error):
            self._last_error = when
            log.warning(
                "Telegram could not deliver to the webhook at %s: %s (%d updates waiting)",
                when.isoformat(),
                info.last_error_message,
                info.pending_update_count,
            )

    async def close(self, app: Any) -> None:
        """Stop listening; the webhook stays set, so Telegram keeps updates until a process
        answers again."""
        await self.listener.stop()

    async def _asking(self, call: Any) -> Any:
        try:
            result = await call
        except BadRequest:
            self._reachable = True  # Telegram answered: it refuses (the caller says what)
            raise
        except NetworkError as error:
            self._reachable = False
            log.warning("Telegram cannot be reached (%s)", describe(error))
            raise
        self._reachable = True
        return result
