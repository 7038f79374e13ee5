"""Health checks and metrics over HTTP for the service manager, a load balancer and monitoring.

- `GET /healthz`: 200 while the process runs its event loop.
- `GET /readyz`: 200 when the database answers with the current schema and, on the active
  process, Telegram could be reached on the last poll (or webhook check), else 503; the JSON
  body says which, and whether this process is the active sender or stands by (a standby asks
  Telegram nothing: "not asked").
- `GET /metrics`: bot.metrics in the Prometheus text format.

Off unless `[http] listen` is set. Nothing here shows a person or a text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.supervisor import describe
from storage.migrate import SchemaStatus, schema_state

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Probes:
    """What the endpoints ask the running bot."""

    services: Any  # bot.services.Services (imported lazily: it imports this module's users)
    telegram_reachable: Callable[[], bool]


class HealthServer:
    """A small aiohttp server beside the bot, started and stopped with it."""

    def __init__(self, host: str, port: int, probes: Probes) -> None:
        self.host, self.port, self.probes = host, port, probes
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one, see `bound`)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        log.info("health checks and metrics on http://%s:%d", self.host, self.bound)

    @property
    def bound(self) -> int:
        """Return the port actually listened on."""
        if self._runner is None or not self._runner.addresses:
            return self.port
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"alive": True})

    async def _readyz(self, request: web.Request) -> web.Response:
        services = self.probes.services
        try:
            state = await schema_state(services.db)
            database = "current" if state.status is SchemaStatus.CURRENT else state.status.value
        except Exception as error:
            database = f"unreachable ({describe(error)})"
        role = "active" if services.outbox.engine is not None else "standby"
        if role == "standby":
            telegram = "not asked"  # a standby calls Telegram for nothing
        else:
            telegram = "reachable" if self.probes.telegram_reachable() else "unreachable"
        ready = database == "current" and telegram != "unreachable"
        body = {"ready": ready, "database": database, "telegram": telegram, "role": role}
        return web.json_response(body, status=200 if ready else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        services = self.probes.services
        backlogs = [(source.kind, source.backlog) for source in services.outbox.sources]
        try:
            body = await services.metrics.render(
                services.db,
                services.clock.now(),
                backlogs,
                active=services.outbox.engine is not None,
            )
        except Exception as error:
            log.warning("metrics not read (%s)", describe(error))
            return web.Response(status=503, text="database unavailable\n")
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
