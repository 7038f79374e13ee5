"""The composition root: build the Application with its services and handlers."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Mapping
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot import membership
from bot.alerts.engine import AlertEngine, EngineSettings
from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.erasure import erase_leavers, erased
from bot.health import HealthServer, Probes
from bot.http import CONNECTIONS, AiohttpRequest
from bot.i18n import Translator
from bot.meetings.scheduler import MeetingScheduler
from bot.metrics import Metrics
from bot.outbox.elected import Outbox
from bot.pacer import Pacer
from bot.picture import drawing
from bot.polling import PatientPolling
from bot.receiving import PollingReceiver, Receiver, WebhookReceiver
from bot.services import AppContext, AppType, BotData, Services
from bot.signals.desk import SignalDesk
from bot.supervisor import Guarded
from bot.updates import ChatOrder
from bot.webhook import WebhookListener
from bot.workgroups.keeper import WorkgroupKeeper
from storage.db import Database
from storage.models import PersonStatus, Role
from storage.repositories import People, PeopleFilter

log = logging.getLogger(__name__)


def build_application(
    config: Config,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    engine: EngineSettings | None = None,
    periods: Mapping[str, float] | None = None,
) -> AppType:
    """Build the bot: services, handlers, start-up and shut-down hooks."""
    # Opt in to PTB's timedelta periods (RetryAfter.retry_after); the float form is deprecated.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    database = db or Database(config.database.url)
    the_clock = clock or SystemClock()
    t = Translator(config.network.default_language, config.network.languages)
    settings = engine or EngineSettings()
    # One outbox for everything the bot promised to send; each feature registers its source.
    outbox = Outbox(
        database,
        the_clock,
        idle_poll=settings.sender.idle_poll,
    )
    alert_engine = AlertEngine(database, the_clock, config, t, outbox, settings)
    features = handlers.discover()
    metrics = Metrics()
    services = Services(
        config=config,
        db=database,
        clock=the_clock,
        t=t,
        outbox=outbox,
        alerts=alert_engine,
        signals=SignalDesk(database, the_clock, config, t, outbox),
        meetings=MeetingScheduler(database, the_clock, config, t, alert_engine),
        workgroups=WorkgroupKeeper(database, the_clock, config, t, outbox),
        features=features,
        metrics=metrics,
    )
    polling = PatientPolling()
    app: AppType = (
        ApplicationBuilder()
        .token(config.telegram.token)
        .base_url(config.telegram.api_base_url)
        .base_file_url(_file_url(config.telegram.api_base_url))
        .context_types(ContextTypes(context=AppContext, bot_data=BotData))
        # One pacer for everything the bot sends: global, per-chat and per-group budgets.
        .rate_limiter(Pacer.from_config(config.telegram.rate_limits))
        # aiohttp, with enough connections for the outbox's couriers plus replies.
        .request(AiohttpRequest(CONNECTIONS, metrics=metrics))
        # Chat first after an outage: getUpdates is retried at most a second apart.
        .get_updates_request(polling)
        # Chats are answered side by side; one chat's updates keep their order.
        .concurrent_updates(ChatOrder(metrics=metrics))
        .defaults(Defaults(tzinfo=config.network.timezone))
        .post_init(functools.partial(_on_startup, periods=features.periods(periods)))
        .post_stop(_on_stop)
        .post_shutdown(_on_shutdown)
        .build()
    )
    app.bot_data.services = services
    receiver: Receiver = PollingReceiver(polling)
    if config.telegram.webhook is not None:
        listener = WebhookListener(
            app,
            config.telegram.webhook,
            is_active=lambda: outbox.leading,
            clock=the_clock,
            metrics=metrics,
        )
        receiver = WebhookReceiver(listener, config.telegram.webhook)
    app.bot_data.receiver = receiver
    if config.http_listen is not None:
        host, port = config.http_listen
        probes = Probes(services, lambda: receiver.reachable)
        app.bot_data.health = HealthServer(host, port, probes)
    handlers.register(app, features)
    return app


def _file_url(api_base_url: str) -> str:
    # "https://api.telegram.org/bot" -> "https://api.telegram.org/file/bot"
    head, sep, tail = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else api_base_url


async def _on_startup(
    app: Application[Any, Any, Any, Any, Any, Any], periods: Mapping[str, float]
) -> None:
    services: Services = app.bot_data.services
    now = services.clock.now()
    async with services.db.begin() as session:
        for telegram_id in services.config.coordinators:
            existing = await People(session).by_telegram_id(telegram_id)
            existing = existing or await erased(session, services.config, telegram_id)
            if existing is not None and existing.status is PersonStatus.LEFT:
                # They said /stop; the config does not overrule that. The operator decides.
                log.warning(
                    "configured coordinator (person %s) has left; not restored", existing.id
                )
                continue
            await membership.ensure_coordinator(
                session,
                services.config,
                telegram_user_id=telegram_id,
                name=None,
                now=now,
                actor_label="config",
            )
        # People who stopped before /stop erased everything are erased now.
        erased_now = await erase_leavers(
            session, services.config, now=now, hooks=services.features.erase_hooks
        )
        if erased_now:
            log.info("erased %d people who had left before erasure on /stop", erased_now)
        coordinators = await People(session).find(
            PeopleFilter(status=PersonStatus.ACTIVE, role=Role.COORDINATOR)
        )
    t = services.t
    members_menu = services.features.menu(coordinator=False)
    coordinators_menu = services.features.menu(coordinator=True)
    for lang in t.languages:
        code = None if lang == t.default_language else lang
        await app.bot.set_my_commands(
            [BotCommand(c.name, t(lang, c.menu_key)) for c in members_menu],
            scope=BotCommandScopeDefault(),
            language_code=code,
        )
    for person in coordinators:
        try:
            await app.bot.set_my_commands(
                [BotCommand(c.name, t(person.language, c.menu_key)) for c in coordinators_menu],
                scope=BotCommandScopeChat(person.telegram_user_id),
            )
        except TelegramError:  # e.g. no chat with the bot yet; the menu is a convenience
            log.info("coordinator menu not set for person %s", person.id)
    services.alerts.start(app.bot)
    services.signals.start(app.bot)
    services.workgroups.start(app.bot)
    await services.outbox.start(app.bot)  # after every source is ready to send
    # Reminders missed while the bot was down go out now (or are skipped); the rest become jobs.
    await services.meetings.start(app.job_queue)
    if app.job_queue is not None:
        # Every feature's repeating jobs, under their declared names (one of each per process).
        # A failed round is logged once and counted (Guarded); a late round still runs, once.
        for job in services.features.jobs.values():
            period = periods[job.name]
            app.job_queue.run_repeating(
                Guarded(
                    job.name,
                    job.callback,
                    services.job_errors,
                    None if job.on_standby else (lambda: services.outbox.leading),
                ),
                interval=period,
                first=period if job.first is None else min(job.first, period),
                name=job.name,
                job_kwargs={"max_instances": 2, "misfire_grace_time": None, "coalesce": True},
            )
    if app.bot_data.health is not None:
        await app.bot_data.health.start()
    log.info("started as @%s", app.bot.username)


async def _on_stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data.services
    if app.bot_data.health is not None:
        await app.bot_data.health.stop()
    await services.outbox.stop()


async def _on_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data.services
    await services.db.dispose()
    await asyncio.to_thread(drawing.stop)
