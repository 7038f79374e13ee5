"""One outbox job against Telegram: send, edit, delete or remind, and what the answer means."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import InputFile, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.alerts.quiet import rings
from bot.alerts.render import Rendered, reminder, render
from bot.clock import Clock
from bot.config import Config
from bot.http import post_raw
from bot.i18n import Translator
from bot.outbox.source import Outcome
from storage.models import Alert, DeliveryState, Work

log = logging.getLogger(__name__)

BULK: dict[str, Any] = {"priority": "bulk"}
OUTAGES = frozenset({"network", "flood"})
SHOWN_KEPT = 256  # rendered copies kept  # Telegram away or busy: retried with patience


@dataclass(frozen=True, slots=True)
class SenderSettings:
    """How hard the sender works; the pacer, not these, keeps within Telegram's limits.

    `batch` + the job queue (`workers`) + `workers` bound how many copies are claimed ahead of
    sending: a cancel stops them anyway (see AlertSource.halt), and an urgent alert waits at
    most that long behind a normal one.
    """

    batch: int = 50
    workers: int = 16
    # An alert's copies are written in chunks (bot.alerts.service.queue_more): the next one
    # when a claim comes this close to the end of what is written.
    chunk: int = 1000
    refill_margin: int = 200
    idle_poll: float = 1.0
    max_attempts: int = 8
    max_backoff: timedelta = timedelta(minutes=5)
    # Telegram unreachable (5xx, dropped connections, timeouts) or a 429: an outage, not a
    # broken copy. Tried again every few seconds at most, so sending resumes soon after Telegram
    # is back, and given up only once the alert is this old as well.
    network_backoff: timedelta = timedelta(seconds=5)
    network_patience: timedelta = timedelta(hours=6)

    @property
    def in_flight_bound(self) -> int:
        """Return the most rows claimed whose outcome is not committed: the claimer's batch
        being queued, the job queue, the couriers, the outcome queue and the writer's batch."""
        return self.batch + self.workers + self.duplicate_bound

    @property
    def duplicate_bound(self) -> int:
        """Return the most copies that can go twice after a crash: those Telegram accepted
        whose outcome is not committed, held by a courier, the outcome queue or the writer."""
        return 3 * self.workers


@dataclass(frozen=True, slots=True)
class Job:
    """One claimed row with everything needed to do its work."""

    delivery_id: int
    work: Work
    chat_id: int
    person_id: int
    language: str
    message_id: int | None
    attempts: int
    quiet_hours: str | None
    alert: Alert


@dataclass(frozen=True, slots=True)
class Courier:
    """Does jobs against the Bot API and turns every answer into an Outcome."""

    bot: ExtBot[Any]
    t: Translator
    config: Config
    clock: Clock
    settings: SenderSettings
    # Rendered copies by (alert, version, language, work): a big alert renders a few times.
    shown: dict[tuple[int, int, str, Work], tuple[Rendered, dict[str, Any]]] = field(
        default_factory=dict
    )

    async def perform(self, job: Job) -> Outcome[Job]:
        """Do the job's work once and classify the result."""
        try:
            return await self._do(job)
        except Forbidden:
            # Blocked or deleted account: never retried. Only a first send changes the state;
            # an edit or reminder failing does not undo that the copy was delivered.
            values = {"error": "blocked"}
            if job.work is Work.SEND:
                values["state"] = DeliveryState.BLOCKED
            return Outcome(job, values, unreachable=True)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return self.retry(job, "flood", delay=timedelta(seconds=seconds))
        except BadRequest as error:
            return self._bad_request(job, error)
        except (TimedOut, NetworkError):
            # A timeout after the request left is ambiguous: the copy may have arrived, and
            # the retry may then duplicate it. Telegram gives no way to tell.
            return self.retry(job, "network")

    async def _do(self, job: Job) -> Outcome[Job]:
        alert, network = job.alert, self.config.network.name
        if job.work is Work.SEND or job.work is Work.REMIND:
            shown, prepared = self._shown(job)
            sound = rings(
                urgent=alert.urgent,
                silent=alert.silent,
                quiet_hours=job.quiet_hours,
                moment=self.clock.now(),
                tz=self.config.network.timezone,
            )
            if shown.attachment is not None and job.work is Work.SEND:
                name, data = shown.attachment
                message: Message = await self.bot.send_document(
                    job.chat_id,
                    InputFile(data, filename=name),
                    caption=shown.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=shown.markup,
                    protect_content=shown.protect_content,
                    disable_notification=not sound,
                    rate_limit_args=BULK,
                )
                message_id = message.message_id
            else:
                params = {**prepared, "chat_id": job.chat_id, "disable_notification": not sound}
                if job.work is Work.REMIND and job.message_id:
                    params["reply_parameters"] = {
                        "message_id": job.message_id,
                        "allow_sending_without_reply": True,
                    }
                sent = await post_raw(self.bot, "sendMessage", params, BULK)
                message_id = int(sent["message_id"])
            if job.work is Work.REMIND:
                return Outcome(job)
            return Outcome(
                job,
                {
                    "state": DeliveryState.SENT,
                    "error": None,
                    "sent_at": self.clock.now(),
                    "message_id": message_id,
                    "delivered_version": alert.version,
                },
                sent=True,
            )
        if job.message_id is None:
            return Outcome(job, {"error": "no_message"})
        if job.work is Work.EDIT:
            shown = render(alert, job.language, self.t, network)
            await self.bot.edit_message_text(
                shown.text,
                job.chat_id,
                job.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=shown.markup,
                rate_limit_args=BULK,
            )
            return Outcome(job, {"delivered_version": alert.version, "error": None}, sent=True)
        await self.bot.delete_message(job.chat_id, job.message_id, rate_limit_args=BULK)
        return Outcome(job, {"deleted_at": self.clock.now(), "error": None})

    def _shown(self, job: Job) -> tuple[Rendered, dict[str, Any]]:
        """Render a copy, once per alert version, language and kind of work: the text and the
        keyboard as the Bot API takes them."""
        alert = job.alert
        key = (alert.id, alert.version, job.language, job.work)
        found = self.shown.get(key)
        if found is None:
            make = render if job.work is Work.SEND else reminder
            shown = make(alert, job.language, self.t, self.config.network.name)
            prepared: dict[str, Any] = {
                "text": shown.text,
                "parse_mode": ParseMode.HTML.value,
                "protect_content": shown.protect_content,
            }
            if shown.markup is not None:
                prepared["reply_markup"] = shown.markup.to_dict()
            if len(self.shown) >= SHOWN_KEPT:
                self.shown.clear()
            found = self.shown[key] = (shown, prepared)
        return found

    def _bad_request(self, job: Job, error: BadRequest) -> Outcome[Job]:
        text = error.message.lower()
        if "chat not found" in text:
            values: dict[str, Any] = {"error": "chat_not_found"}
            if job.work is Work.SEND:
                values["state"] = DeliveryState.NOT_FOUND
            return Outcome(job, values)
        if "not modified" in text and job.work is Work.EDIT:
            return Outcome(job, {"delivered_version": job.alert.version}, sent=True)
        if job.work is not Work.SEND:
            return Outcome(job, {"error": f"{job.work.value}_failed"})
        log.warning("outbox row %s refused by Telegram: %s", job.delivery_id, type(error).__name__)
        return Outcome(job, {"state": DeliveryState.FAILED, "error": "bad_request"})

    def retry(self, job: Job, reason: str, delay: timedelta | None = None) -> Outcome[Job]:
        """Try again later with backoff, or give up (see `retry`)."""
        return retry(job, reason, self.clock.now(), self.settings, delay)

    @staticmethod
    def halted(job: Job) -> Outcome[Job]:
        """The alert was cancelled or retracted after this copy was claimed: drop the work."""
        if job.work is Work.SEND:
            return Outcome(job, {"state": DeliveryState.CANCELLED})
        return Outcome(job)


def retry(
    job: Job, reason: str, now: datetime, settings: SenderSettings, delay: timedelta | None = None
) -> Outcome[Job]:
    """Try again later with backoff, or give up after the maximum number of attempts (and,
    when Telegram was unreachable, only once the alert is older than the patience)."""
    attempts = job.attempts + 1
    outage = reason in OUTAGES
    reason = reason[:64]  # the column; reasons are short names
    alert = job.alert
    since = alert.send_at or alert.confirmed_at or alert.created_at
    if attempts >= settings.max_attempts and (
        not outage or now - since >= settings.network_patience
    ):
        values: dict[str, Any] = {"error": reason, "attempts": attempts}
        if job.work is Work.SEND:
            values["state"] = DeliveryState.FAILED
        return Outcome(job, values)
    cap = settings.network_backoff if outage else settings.max_backoff
    backoff = delay or min(timedelta(seconds=2 ** min(attempts, 20)), cap)
    return Outcome(
        job,
        {"attempts": attempts, "error": reason, "due_at": now + backoff},
        done=False,
    )
