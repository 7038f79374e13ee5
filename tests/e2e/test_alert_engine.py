"""The alert engine end to end: outbox rows in, copies out over HTTP, outcomes recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import func, select, update

from bot.alerts import answers, service
from bot.alerts.audience import Audience, AudienceKind
from bot.alerts.delivery import Job
from bot.alerts.engine import AlertEngine
from bot.alerts.outbox import AlertSource
from bot.app import build_application
from bot.clock import FakeClock
from bot.membership import stop
from bot.outbox.engine import OutboxEngine
from bot.outbox.source import Outcome
from bot.runner import receiving
from bot.sandbox import Sandbox, SandboxLimits, SentMessage
from storage.db import Database
from storage.models import Alert, AlertDelivery, AlertStatus, DeliveryState, Person, Work
from storage.repositories import People
from tests.factories import Harness, add_member, bot_config, running, stage_member

RADICALISATION = "radicalisation-polarisation"
UNDERMINING = "undermining-crime"


def engine(h: Harness) -> AlertEngine:
    """Return the running app's alert engine."""
    return h.app.bot_data.services.alerts


def sender(h: Harness) -> OutboxEngine:
    """Return the running app's outbox engine."""
    running = engine(h).sender
    assert running is not None
    return running


def source(h: Harness) -> AlertSource:
    """Return the running app's alerts source of the outbox."""
    return engine(h).source


@dataclass
class Probe:
    """A second alerts source, driven by hand with its own (later) clock, as an engine would."""

    h: Harness
    clock: FakeClock
    source: AlertSource

    @classmethod
    def later(cls, h: Harness, by: timedelta = timedelta(hours=2)) -> Probe:
        """Return a probe whose clock is `by` ahead of the harness's."""
        clock = FakeClock(h.clock.now() + by)
        return cls(h, clock, AlertSource(h.config, h.app.bot_data.services.t, clock))

    async def claim(self) -> list[Job]:
        """Claim a batch as the engine's claimer does."""
        async with self.h.db.begin() as session:
            return await self.source.claim(session, self.source.batch, self.clock.now())

    async def process(self, job: Job) -> Outcome[Job]:
        """Do one job as a courier does."""
        return await self.source.perform(self.h.app.bot, job)

    async def record(self, outcomes: list[Outcome[Job]]) -> None:
        """Commit outcomes as the engine's writer does."""
        async with self.h.db.begin() as session:
            await self.source.record(session, outcomes, self.clock.now())
        self.source.settled(outcomes)

    async def recover(self) -> int:
        """Release what the probe claimed, as a start-up does."""
        async with self.h.db.begin() as session:
            return await self.source.recover(session)

    def halt(self, alert_id: int) -> None:
        """Stop the probe's claimed copies of an alert."""
        self.source.halt(alert_id)


async def drain(h: Harness) -> None:
    """Wait until the sender has nothing due, claimed or in flight."""
    async with asyncio.timeout(20):
        await sender(h).drained()


async def queue(
    h: Harness,
    text: str = "Rustig blijven, er is niets aan de hand.",
    audience: Audience = Audience(AudienceKind.ALL),  # noqa: B008 - frozen
    *,
    send_in: timedelta | None = None,
    first: int = service.FIRST_CHUNK,
    **options: object,
) -> int:
    """Confirm an alert from the configured coordinator through the service; return its id."""
    now = h.clock.now()
    async with h.db.begin() as session:
        coordinator = (
            await session.scalars(select(Person).where(Person.telegram_user_id == 1001))
        ).one()
        alert = await service.new_draft(session, coordinator, now=now)
        alert.texts = {"nl": text}
        alert.audience = audience.to_json()
        alert.send_at = now + send_in if send_in else None
        for name, value in options.items():
            setattr(alert, name, value)
        await service.confirm(session, alert, coordinator, now=now, first=first)
        alert_id = alert.id
    engine(h).wake()
    return alert_id


async def deliveries(h: Harness, alert_id: int) -> list[AlertDelivery]:
    """Return the outbox rows of an alert."""
    async with h.db.begin() as session:
        stmt = select(AlertDelivery).where(AlertDelivery.alert_id == alert_id)
        return list((await session.scalars(stmt.order_by(AlertDelivery.id))).all())


def alert_copies(h: Harness, chat_id: int, alert_id: int) -> list[SentMessage]:
    """Return the copies of one alert the bot sent to a chat (deleted ones included)."""
    marker = f"(#{alert_id})"
    return [
        m
        for m in h.sandbox.world.bot_messages(chat_id, include_deleted=True)
        if marker in m.plain_text().split("\n", 1)[0]
    ]


async def members(h: Harness, ids: Sequence[int], **kwargs: object) -> None:
    """Store active members with these Telegram ids, all reachable in the sandbox."""
    for telegram_id in ids:
        h.sandbox.user(telegram_id, f"P{telegram_id}")
        await add_member(h.db, h.clock, telegram_id, f"Persoon {telegram_id}", **kwargs)


async def test_alert_reaches_every_eligible_person_exactly_once(harness: Harness) -> None:
    """Everyone active with consent gets one copy; people who left and coordinators get none."""
    await members(harness, range(2000, 2030))
    await members(harness, range(3000, 3005), themes=(UNDERMINING,))
    await members(harness, [4000])
    async with harness.db.begin() as session:
        gone = await People(session).by_telegram_id(4000)
        assert gone is not None
        await stop(session, harness.config, gone, now=harness.clock.now())

    alert_id = await queue(harness)
    await drain(harness)

    for chat in [*range(2000, 2030), *range(3000, 3005)]:
        assert len(alert_copies(harness, chat, alert_id)) == 1
    assert alert_copies(harness, 4000, alert_id) == []
    assert alert_copies(harness, 1001, alert_id) == []
    rows = await deliveries(harness, alert_id)
    assert len(rows) == 35
    assert {r.state for r in rows} == {DeliveryState.SENT}
    assert all(r.message_id is not None and r.sent_at is not None for r in rows)
    assert harness.sandbox.count_429 == 0


async def test_a_big_audience_is_written_in_chunks_and_each_person_gets_one_copy(
    harness: Harness,
) -> None:
    """Confirming writes the first copies only, and counts the rest as waiting; the sender
    writes the others chunk by chunk, from what the database says, until each has one."""
    await members(harness, range(2001, 2008))
    source(harness).settings = replace(source(harness).settings, chunk=2)
    coordinator = await harness.person(1001)
    assert coordinator is not None
    async with harness.db.begin() as session:
        alert = await service.new_draft(session, coordinator, now=harness.clock.now())
        alert.texts, alert.audience = {"nl": "Let op."}, Audience(AudienceKind.ALL).to_json()
        assert await service.confirm(session, alert, coordinator, now=alert.created_at, first=2)
        written = await session.scalar(
            select(func.count()).where(AlertDelivery.alert_id == alert.id)
        )
        figures = await service.counts(session, alert.id)
        backlog = await source(harness).backlog(session, alert.created_at)
        alert_id, queueing = alert.id, alert.queue_after is not None
    assert (written, queueing) == (2, True)
    assert (figures.total, figures.pending) == (7, 7)
    assert backlog.due == 7  # /metrics counts the recipients not written yet

    engine(harness).wake()
    await drain(harness)
    await engine(harness).report_now()

    assert [len(alert_copies(harness, c, alert_id)) for c in range(2001, 2008)] == [1] * 7
    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
    seqs = [r.seq for r in await deliveries(harness, alert_id)]
    assert (alert.status, alert.queue_after, alert.recipient_count) == (AlertStatus.SENT, None, 7)
    assert sorted(seqs) == list(range(7))


async def test_an_alert_counted_after_its_first_copies_counts_everyone_it_goes_to_once(
    harness: Harness,
) -> None:
    """The chat's confirm writes the first copies without counting the audience (so they leave
    sooner) and counts it after the commit: someone who joined in between is not counted, and
    the total is exact; an alert never counted (a crash in between) shows at least what is
    written, and the exact number once it is all written."""
    await members(harness, range(2001, 2008))
    source(harness).settings = replace(source(harness).settings, chunk=2)
    coordinator = await harness.person(1001)
    assert coordinator is not None
    confirmed = harness.clock.now()
    async with harness.db.begin() as session:
        alert = await service.new_draft(session, coordinator, now=confirmed)
        alert.texts, alert.audience = {"nl": "Let op."}, Audience(AudienceKind.ALL).to_json()
        provisional = await service.confirm(
            session, alert, coordinator, now=confirmed, first=2, count=False
        )
        alert_id = alert.id
    harness.clock.advance(timedelta(seconds=1))
    await add_member(harness.db, harness.clock, 2008, "Laatkomer")  # joined after the confirm
    async with harness.db.read() as session:
        total = await service.count_recipients(session, alert_id)
    async with harness.db.begin() as session:
        await service.record_count(session, alert_id, total)
        figures = await service.counts(session, alert_id)

    assert (provisional, total, figures.total) == (2, 7, 7)
    engine(harness).wake()
    await drain(harness)
    assert [len(alert_copies(harness, c, alert_id)) for c in range(2001, 2009)] == [1] * 7 + [0]


async def test_an_alert_confirmed_without_a_count_shows_what_is_written_until_counted(
    harness: Harness,
) -> None:
    """confirm(count=False) answers with the copies written so far, never more than will go."""
    await members(harness, range(2001, 2008))
    coordinator = await harness.person(1001)
    assert coordinator is not None
    async with harness.db.begin() as session:
        alert = await service.new_draft(session, coordinator, now=harness.clock.now())
        alert.texts, alert.audience = {"nl": "Let op."}, Audience(AudienceKind.ALL).to_json()
        written = await service.confirm(
            session, alert, coordinator, now=alert.created_at, first=3, count=False
        )
        figures = await service.counts(session, alert.id)

    assert (written, figures.total) == (3, 3)


async def test_people_who_leave_or_join_while_an_alert_is_written_are_not_sent_it(
    harness: Harness,
) -> None:
    """Someone who stops before their copy is written gets none, someone who joined after the
    confirmation gets none, and the alert's count becomes what was really written."""
    await members(harness, [2001, 2002, 2003])
    harness.sandbox.user(2004, "P2004")
    # One transaction, so the running sender cannot write the rest before the changes.
    async with harness.db.begin() as session:
        coordinator = await People(session).by_telegram_id(1001)
        assert coordinator is not None
        alert = await service.new_draft(session, coordinator, now=harness.clock.now())
        alert.texts, alert.audience = {"nl": "Let op."}, Audience(AudienceKind.ALL).to_json()
        assert await service.confirm(session, alert, coordinator, now=alert.created_at, first=1)
        leaving = await People(session).by_telegram_id(2003)
        assert leaving is not None
        await stop(session, harness.config, leaving, now=harness.clock.now())
        harness.clock.advance(timedelta(minutes=1))
        await stage_member(session, harness.clock, 2004, "Persoon 2004")
        await service.queue_more(session, alert, 10)
        alert_id, written = alert.id, (alert.recipient_count, alert.queue_after)

    engine(harness).wake()
    await drain(harness)

    assert written == (2, None)
    assert {r.chat_id for r in await deliveries(harness, alert_id)} == {2001, 2002}
    assert [len(alert_copies(harness, c, alert_id)) for c in (2001, 2002, 2003, 2004)] == [
        1,
        1,
        0,
        0,
    ]


async def test_a_scheduled_alert_writes_its_other_copies_only_when_it_is_due(
    harness: Harness,
) -> None:
    """Before its time, the sender leaves a scheduled alert's remaining copies unwritten (it
    does not write a big audience in one go while idle); at its time, everyone gets one."""
    await members(harness, [2001, 2002, 2003])
    source(harness).settings = replace(source(harness).settings, chunk=1)
    alert_id = await queue(harness, first=1, send_in=timedelta(hours=1))
    await drain(harness)
    early = len(await deliveries(harness, alert_id))

    harness.clock.advance(timedelta(hours=2))
    engine(harness).wake()
    await drain(harness)

    assert early == 1
    assert [len(alert_copies(harness, c, alert_id)) for c in (2001, 2002, 2003)] == [1, 1, 1]


async def test_cancel_while_copies_are_still_written_stops_the_rest_too(
    harness: Harness,
) -> None:
    """Cancelling counts the recipients not yet written as not sent, and none are written."""
    await members(harness, [2001, 2002, 2003])
    async with harness.db.begin() as session:
        coordinator = await People(session).by_telegram_id(1001)
        assert coordinator is not None
        alert = await service.new_draft(session, coordinator, now=harness.clock.now())
        alert.texts, alert.audience = {"nl": "Let op."}, Audience(AudienceKind.ALL).to_json()
        alert.send_at = harness.clock.now() + timedelta(hours=1)
        await service.confirm(session, alert, coordinator, now=alert.created_at, first=1)
        stopped = await service.cancel(session, alert, coordinator, now=alert.created_at)
        alert_id = alert.id

    harness.clock.advance(timedelta(hours=2))
    engine(harness).wake()
    await drain(harness)

    assert stopped == 3
    assert [r.state for r in await deliveries(harness, alert_id)] == [DeliveryState.CANCELLED]
    assert all(alert_copies(harness, c, alert_id) == [] for c in (2001, 2002, 2003))


async def test_theme_alert_reaches_only_people_who_consented_to_that_theme(
    harness: Harness,
) -> None:
    """An alert by theme skips members who only consented to other themes."""
    await members(harness, [2001], themes=(RADICALISATION,))
    await members(harness, [2002], themes=(UNDERMINING,))
    await members(harness, [2003], themes=(RADICALISATION, UNDERMINING))

    alert_id = await queue(harness, audience=Audience(AudienceKind.THEME, (UNDERMINING,)))
    await drain(harness)

    assert [len(alert_copies(harness, c, alert_id)) for c in (2001, 2002, 2003)] == [0, 1, 1]


async def test_neighbourhood_and_tag_audiences_select_their_members(harness: Harness) -> None:
    """By wijk and by tag only the people carrying them receive the alert."""
    await members(harness, [2001], wijken=("Tanthof",), tags=("moskee",))
    await members(harness, [2002], wijken=("Voorhof",), tags=("sport",))

    by_wijk = await queue(harness, audience=Audience(AudienceKind.WIJK, ("Voorhof",)))
    by_tag = await queue(harness, audience=Audience(AudienceKind.TAG, ("moskee",)))
    await drain(harness)

    assert [len(alert_copies(harness, c, by_wijk)) for c in (2001, 2002)] == [0, 1]
    assert [len(alert_copies(harness, c, by_tag)) for c in (2001, 2002)] == [1, 0]


async def test_blocked_person_is_marked_unreachable_and_the_coordinator_is_told(
    harness: Harness,
) -> None:
    """A 403 marks the person unreachable, is never retried, and is named in the summary."""
    await members(harness, [2001, 2002])
    harness.sandbox.block(2002)
    status = await harness.app.bot.send_message(1001, "status")

    alert_id = await queue(harness)
    async with harness.db.begin() as session:
        await session.execute(
            update(Alert)
            .where(Alert.id == alert_id)
            .values(status_chat_id=1001, status_message_id=status.message_id)
        )
    await drain(harness)
    await engine(harness).report_now()

    states = {r.chat_id: r.state for r in await deliveries(harness, alert_id)}
    assert states == {2001: DeliveryState.SENT, 2002: DeliveryState.BLOCKED}
    blocked = await harness.person(2002)
    assert blocked is not None and blocked.unreachable_at is not None
    texts = [m.plain_text() for m in harness.coordinator.messages]
    assert any("Persoon 2002" in t and "geblokkeerd" in t for t in texts)
    assert any("verzonden 1" in t and "geblokkeerd 1" in t for t in texts)
    next_alert = await queue(harness)
    await drain(harness)
    assert [r.chat_id for r in await deliveries(harness, next_alert)] == [2001]


async def test_unknown_chat_is_recorded_and_not_retried(harness: Harness) -> None:
    """A chat Telegram does not know ends as 'not found' after one attempt."""
    await add_member(harness.db, harness.clock, 9999, "Nergens")

    alert_id = await queue(harness)
    await drain(harness)

    [row] = await deliveries(harness, alert_id)
    assert (row.state, row.error, row.attempts) == (DeliveryState.NOT_FOUND, "chat_not_found", 0)


async def test_transient_failures_are_retried_with_backoff_until_sent(harness: Harness) -> None:
    """Two 502s in a row delay the copy; it is sent once when the backoff has passed."""
    await members(harness, [2001])
    harness.sandbox.fail_next("sendMessage", error_code=502, description="Bad Gateway", times=2)

    alert_id = await queue(harness)
    for _ in range(3):
        await drain(harness)
        harness.clock.advance(timedelta(minutes=1))

    await drain(harness)
    [row] = await deliveries(harness, alert_id)
    assert (row.state, row.attempts) == (DeliveryState.SENT, 2)
    assert len(alert_copies(harness, 2001, alert_id)) == 1


async def test_a_copy_that_keeps_failing_ends_as_failed(harness: Harness) -> None:
    """After the maximum number of attempts, and once the alert is older than the patience
    for outages, the row is FAILED and nothing loops forever."""
    await members(harness, [2001])
    harness.sandbox.fail_next("sendMessage", error_code=500, description="Internal", times=50)
    settings = source(harness).settings

    alert_id = await queue(harness)
    for _ in range(settings.max_attempts + 1):
        await drain(harness)
        harness.clock.advance(settings.network_patience / (settings.max_attempts - 2))

    [row] = await deliveries(harness, alert_id)
    assert row.state is DeliveryState.FAILED
    assert row.attempts == source(harness).settings.max_attempts


async def test_an_outage_longer_than_the_attempts_loses_nobody(harness: Harness) -> None:
    """Telegram answering 502 for twenty tries in a row: the copy is retried every few seconds
    and arrives once Telegram is back."""
    await members(harness, [2001])
    harness.sandbox.fail_next("sendMessage", error_code=502, description="Bad Gateway", times=20)
    settings = source(harness).settings

    alert_id = await queue(harness)
    for _ in range(21):
        await drain(harness)
        harness.clock.advance(settings.network_backoff)
    await drain(harness)

    [row] = await deliveries(harness, alert_id)
    assert (row.state, row.attempts) == (DeliveryState.SENT, 20)
    assert len(alert_copies(harness, 2001, alert_id)) == 1


async def test_cancel_stops_copies_not_yet_sent(harness: Harness) -> None:
    """A cancelled alert sends nothing more: its pending rows end as cancelled."""
    await members(harness, [2001, 2002])
    alert_id = await queue(harness, send_in=timedelta(hours=1))

    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        coordinator = await session.get(Person, alert.created_by_id)
        assert coordinator is not None
        stopped = await service.cancel(session, alert, coordinator, now=harness.clock.now())
    harness.clock.advance(timedelta(hours=2))
    await drain(harness)

    assert stopped == 2
    assert {r.state for r in await deliveries(harness, alert_id)} == {DeliveryState.CANCELLED}
    assert alert_copies(harness, 2001, alert_id) == []


async def test_consent_withdrawn_after_queueing_means_no_copy(harness: Harness) -> None:
    """Someone who /stops between confirm and send time is skipped."""
    await members(harness, [2001, 2002])
    alert_id = await queue(harness, send_in=timedelta(minutes=30))
    async with harness.db.begin() as session:
        person = await People(session).by_telegram_id(2002)
        assert person is not None
        await stop(session, harness.config, person, now=harness.clock.now())

    harness.clock.advance(timedelta(hours=1))
    await drain(harness)

    states = {r.chat_id: r.state for r in await deliveries(harness, alert_id)}
    assert states == {2001: DeliveryState.SENT, 2002: DeliveryState.SKIPPED}


async def test_edit_corrects_the_text_everywhere_it_was_delivered(harness: Harness) -> None:
    """After an edit every delivered copy shows the new text."""
    await members(harness, [2001, 2002])
    alert_id = await queue(harness, text="Bijeenkomst om 19:00")
    await drain(harness)

    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        coordinator = await session.get(Person, alert.created_by_id)
        assert coordinator is not None
        await service.edit(
            session,
            alert,
            coordinator,
            "Bijeenkomst om 20:00",
            language="nl",
            now=harness.clock.now(),
        )
    engine(harness).wake()
    await drain(harness)

    for chat in (2001, 2002):
        [copy] = alert_copies(harness, chat, alert_id)
        assert "20:00" in copy.plain_text()
        assert copy.edited


async def test_retract_deletes_recent_copies_and_reports_old_ones(harness: Harness) -> None:
    """Copies younger than 48 hours are deleted; older ones are counted, not pretended gone."""
    await members(harness, [2001, 2002])
    alert_id = await queue(harness)
    await drain(harness)
    async with harness.db.begin() as session:
        await session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.alert_id == alert_id, AlertDelivery.chat_id == 2002)
            .values(sent_at=harness.clock.now() - timedelta(hours=49))
        )

    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        coordinator = await session.get(Person, alert.created_by_id)
        assert coordinator is not None
        deleted, too_old = await service.retract(
            session, alert, coordinator, now=harness.clock.now()
        )
    engine(harness).wake()
    await drain(harness)

    assert (deleted, too_old) == (1, 1)
    assert alert_copies(harness, 2001, alert_id)[0].deleted
    assert not alert_copies(harness, 2002, alert_id)[0].deleted


async def test_urgent_alerts_go_first_and_concurrent_alerts_take_turns(
    harness: Harness,
) -> None:
    """The claim order puts urgent copies first, then alternates between normal alerts."""
    await members(harness, range(2000, 2004))
    first = await queue(harness, send_in=timedelta(hours=1))
    second = await queue(harness, send_in=timedelta(hours=1))
    urgent = await queue(harness, send_in=timedelta(hours=1), urgent=True)
    probe = Probe.later(harness)

    jobs = await probe.claim()
    await probe.recover()

    order = [job.alert.id for job in jobs]
    assert order[:4] == [urgent] * 4
    assert order[4:] == [first, second] * 4


async def test_escalation_reminds_once_and_tells_the_coordinator(harness: Harness) -> None:
    """Who has not acknowledged after N minutes gets one reminder; the coordinator hears of it."""
    await members(harness, [2001, 2002])
    status = await harness.app.bot.send_message(1001, "status")
    alert_id = await queue(harness, escalate_minutes=30)
    async with harness.db.begin() as session:
        await session.execute(
            update(Alert)
            .where(Alert.id == alert_id)
            .values(status_chat_id=1001, status_message_id=status.message_id)
        )
    await drain(harness)
    async with harness.db.begin() as session:
        person = (
            await session.scalars(select(Person).where(Person.telegram_user_id == 2001))
        ).one()
        await answers.acknowledge(
            session, alert_id, person, answers.Ack.RECEIVED, now=harness.clock.now()
        )

    harness.clock.advance(timedelta(minutes=31))
    await engine(harness).escalate_now()
    await drain(harness)
    harness.clock.advance(timedelta(minutes=31))
    await engine(harness).escalate_now()
    await drain(harness)

    reminders = {
        chat: [m for m in harness.sandbox.sent_to(chat) if "Herinnering" in m.plain_text()]
        for chat in (2001, 2002)
    }
    assert (len(reminders[2001]), len(reminders[2002])) == (0, 1)
    assert any("1 herinnering" in m.plain_text() for m in harness.coordinator.messages)


async def test_no_reminder_that_is_over_a_day_overdue(harness: Harness) -> None:
    """A bot that was down for a day does not send yesterday's reminders, and the escalation
    scan leaves old alerts alone."""
    await members(harness, [2001])
    await queue(harness, escalate_minutes=30)
    await drain(harness)

    harness.clock.advance(timedelta(days=1, minutes=31))
    queued = await engine(harness).escalate_now()
    await drain(harness)

    assert queued == 0
    assert not [m for m in harness.sandbox.sent_to(2001) if "Herinnering" in m.plain_text()]


async def test_an_escalation_of_two_days_still_reminds(harness: Harness) -> None:
    """The day's window counts from when the reminder is due, not from the alert."""
    await members(harness, [2001])
    await queue(harness, escalate_minutes=2 * 24 * 60)
    await drain(harness)

    harness.clock.advance(timedelta(days=2, minutes=1))
    queued = await engine(harness).escalate_now()
    await drain(harness)

    assert queued == 1
    assert [m for m in harness.sandbox.sent_to(2001) if "Herinnering" in m.plain_text()]


async def test_quiet_hours_silence_normal_alerts_but_not_urgent_ones(harness: Harness) -> None:
    """In someone's quiet hours a normal alert arrives silently; urgent ones still ring."""
    await members(harness, [2001])
    async with harness.db.begin() as session:
        await session.execute(
            update(Person).where(Person.telegram_user_id == 2001).values(quiet_hours="12:00-14:00")
        )

    normal = await queue(harness)
    urgent = await queue(harness, urgent=True)
    silent = await queue(harness, silent=True)
    await drain(harness)

    sound = {
        a: not alert_copies(harness, 2001, a)[0].disable_notification
        for a in (normal, urgent, silent)
    }
    assert sound == {normal: False, urgent: True, silent: False}


async def test_recover_releases_rows_a_crashed_run_left_claimed(harness: Harness) -> None:
    """Rows claimed by a process that died become claimable again at start-up."""
    await members(harness, [2001])
    alert_id = await queue(harness, send_in=timedelta(hours=1))
    async with harness.db.begin() as session:
        await session.execute(update(AlertDelivery).values(claimed_at=harness.clock.now()))

    released = await sender(harness).recover()
    harness.clock.advance(timedelta(hours=2))
    await drain(harness)

    assert released == 1
    assert len(alert_copies(harness, 2001, alert_id)) == 1


async def test_alert_finishes_as_sent_once_nobody_is_pending(harness: Harness) -> None:
    """The live status marks the alert sent when every copy has an outcome."""
    await members(harness, [2001])
    alert_id = await queue(harness)
    await drain(harness)

    await engine(harness).report_now()

    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
    assert alert.status is AlertStatus.SENT
    assert alert.finished_at is not None


async def _claimed_by_probe(h: Harness, alert_id: int) -> tuple[Probe, list[Job]]:
    """Claim an alert's due copies with a second, unstarted source whose clock is later."""
    probe = Probe.later(h)
    jobs = await probe.claim()
    assert {job.alert.id for job in jobs} == {alert_id}
    return probe, jobs


async def _coordinator_alert(h: Harness, alert_id: int) -> tuple[Alert, Person]:
    async with h.db.begin() as session:
        alert = await service.get(session, alert_id)
        coordinator = await session.get(Person, alert.created_by_id)
    assert coordinator is not None
    return alert, coordinator


async def test_cancel_stops_copies_the_sender_already_claimed(harness: Harness) -> None:
    """Copies claimed before the cancel are dropped, not sent."""
    await members(harness, [2001, 2002])
    alert_id = await queue(harness, send_in=timedelta(hours=1))
    probe, jobs = await _claimed_by_probe(harness, alert_id)

    _, coordinator = await _coordinator_alert(harness, alert_id)
    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        await service.cancel(session, alert, coordinator, now=harness.clock.now())
    probe.halt(alert_id)
    await probe.record([await probe.process(job) for job in jobs])

    assert alert_copies(harness, 2001, alert_id) == []
    assert {r.state for r in await deliveries(harness, alert_id)} == {DeliveryState.CANCELLED}


async def test_copies_in_flight_during_an_edit_get_the_new_text(harness: Harness) -> None:
    """A copy that went out with the old text while the edit was made is corrected after."""
    await members(harness, [2001])
    alert_id = await queue(harness, text="OUD", send_in=timedelta(hours=1))
    probe, jobs = await _claimed_by_probe(harness, alert_id)
    outcomes = [await probe.process(job) for job in jobs]  # sent with the old text

    _, coordinator = await _coordinator_alert(harness, alert_id)
    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        await service.edit(
            session, alert, coordinator, "NIEUW", language="nl", now=harness.clock.now()
        )
    await probe.record(outcomes)
    follow_up = await probe.claim()
    await probe.record([await probe.process(job) for job in follow_up])

    assert [job.work for job in follow_up] == [Work.EDIT]
    [copy] = alert_copies(harness, 2001, alert_id)
    assert "NIEUW" in copy.plain_text()


async def test_copies_in_flight_during_a_retract_are_deleted_after(harness: Harness) -> None:
    """A copy that went out while the alert was retracted is deleted as soon as it is known."""
    await members(harness, [2001])
    alert_id = await queue(harness, send_in=timedelta(hours=1))
    probe, jobs = await _claimed_by_probe(harness, alert_id)
    outcomes = [await probe.process(job) for job in jobs]

    _, coordinator = await _coordinator_alert(harness, alert_id)
    async with harness.db.begin() as session:
        alert = await service.get(session, alert_id)
        await service.retract(session, alert, coordinator, now=harness.clock.now())
    await probe.record(outcomes)
    follow_up = await probe.claim()
    await probe.record([await probe.process(job) for job in follow_up])

    assert [job.work for job in follow_up] == [Work.DELETE]
    assert alert_copies(harness, 2001, alert_id)[0].deleted
    [row] = await deliveries(harness, alert_id)
    assert row.state is DeliveryState.SENT
    assert row.deleted_at is not None


async def test_no_reminder_for_someone_who_stopped_after_receiving(harness: Harness) -> None:
    """A person who /stops after the alert arrived is not reminded about it."""
    await members(harness, [2001])
    alert_id = await queue(harness, escalate_minutes=30)
    await drain(harness)
    async with harness.db.begin() as session:
        person = await People(session).by_telegram_id(2001)
        assert person is not None
        await stop(session, harness.config, person, now=harness.clock.now())

    harness.clock.advance(timedelta(minutes=31))
    await engine(harness).escalate_now()
    await drain(harness)

    assert not any("Herinnering" in m.plain_text() for m in harness.sandbox.sent_to(2001))
    [row] = await deliveries(harness, alert_id)
    assert row.work is None


async def test_a_failing_reminder_is_not_repeated(harness: Harness) -> None:
    """One reminder per person: if Telegram refuses it, the next round does not try again."""
    await members(harness, [2001])
    await queue(harness, escalate_minutes=30)
    await drain(harness)
    harness.sandbox.fail_next("sendMessage", error_code=400, description="Bad Request: nope")

    harness.clock.advance(timedelta(minutes=31))
    first = await engine(harness).escalate_now()
    await drain(harness)
    harness.clock.advance(timedelta(minutes=31))
    second = await engine(harness).escalate_now()

    assert (first, second) == (1, 0)


async def test_an_alert_at_telegram_shaped_limits_provokes_no_429(
    db: Database, clock: FakeClock, database_url: str
) -> None:
    """300 copies plus replies to a talking coordinator, at 10× Telegram's limits: zero 429s.

    What this measures does not depend on machine speed: the pacer counts a send in its windows
    until the answer is back, so its windows always cover the sandbox's, and a slow machine
    only makes the alert take longer (no throughput is asserted)."""
    limits = SandboxLimits().scaled(10)
    async with Sandbox(limits=limits) as sandbox:
        config = bot_config(sandbox, database_url, rate_scale=10)
        app = build_application(config, db=db, clock=clock)
        async with receiving(app, poll_timeout=1):
            h = Harness(
                sandbox=sandbox,
                db=db,
                clock=clock,
                config=config,
                app=app,
                coordinator=sandbox.user(1001, "Sanne"),
            )
            await members(h, range(30_000, 30_300))
            alert_id = await queue(h)
            for _ in range(5):  # the coordinator keeps using the bot meanwhile
                await h.say(h.coordinator, "/help")
            await drain(h)

        assert sandbox.count_429 == 0
        assert sum(len(alert_copies(h, c, alert_id)) for c in range(30_000, 30_300)) == 300


async def test_paid_broadcast_copies_ask_telegram_for_the_paid_limit_and_replies_do_not(
    sandbox: Sandbox, db: Database, clock: FakeClock, database_url: str
) -> None:
    """With paid broadcast on, every alert copy carries allow_paid_broadcast (Telegram then
    allows 1,000/s, and charges for it); a reply to someone does not."""
    config = bot_config(sandbox, database_url, rate_scale=10)
    limits = replace(config.telegram.rate_limits, paid_broadcast=True)
    config = replace(config, telegram=replace(config.telegram, rate_limits=limits))
    async with running(sandbox, db, clock, config) as h:
        await members(h, range(2100, 2105))
        alert_id = await queue(h)
        await drain(h)
        await h.say(h.coordinator, "/help")

    copies = [
        call
        for call in sandbox.calls_to("sendMessage")
        if call.ok and call.chat_id in range(2100, 2105)
    ]
    assert [len(alert_copies(h, chat, alert_id)) for chat in range(2100, 2105)] == [1] * 5
    assert len(copies) == 5
    assert all(call.params.get("allow_paid_broadcast") is True for call in copies)
    replies = [c for c in sandbox.calls_to("sendMessage") if c.chat_id == h.coordinator.user_id]
    assert replies and not any(c.params.get("allow_paid_broadcast") for c in replies)
