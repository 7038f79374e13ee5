"""The daily retention job keeps every period of the privacy notice, on the injected clock:
each category goes at its boundary, and not a day before (issue 12)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from types import MappingProxyType

import pytest
from sqlalchemy import func, select

from bot import retention
from bot.alerts import service as alerts
from bot.clock import FakeClock
from bot.config import Config
from bot.erasure import erased
from bot.sandbox import Sandbox
from bot.services import AppContext
from handlers.privacy import enforce_retention
from storage.db import Database
from storage.models import AlertDelivery, AuditEntry, Invite, Person
from storage.signal_models import Signal, SignalStatus, Urgency
from tests.e2e.test_alerts_chat import ACK_BUTTON, send
from tests.factories import Harness, file_text, running, signals

DAY = timedelta(days=1)


async def sweep_at(h: Harness, at: datetime) -> retention.Swept:
    """Move the clock to `at` and run one retention round, as the job does."""
    h.clock.advance(at - h.clock.now())
    services = h.app.bot_data.services
    async with services.db.begin() as session:
        return await retention.sweep(
            session, services.config, now=services.clock.now(), hooks=services.features.erase_hooks
        )


async def test_an_unused_invitation_goes_with_its_name_once_it_expires(harness: Harness) -> None:
    """Expired and unused: deleted, name and all; the day before it is still there."""
    start = harness.clock.now()
    await harness.invite("Noor Haddad", expires_in=timedelta(days=7))

    before = await sweep_at(harness, start + 7 * DAY - DAY)
    kept = await harness.count(Invite)
    after = await sweep_at(harness, start + 7 * DAY)

    assert (before.invites, kept, after.invites) == (0, 1, 1)
    assert await harness.count(Invite) == 0


async def test_someone_who_never_consented_is_erased_after_the_period(harness: Harness) -> None:
    """Opened the invitation, never consented: kept 30 days, then nothing of them at all."""
    start = harness.clock.now()
    noor = harness.sandbox.user(2005, "Noor")
    await harness.say(noor, f"/start {await harness.invite('Noor Haddad')}")
    assert await harness.person(2005) is not None

    await sweep_at(harness, start + 30 * DAY - DAY)
    still = await harness.person(2005)
    swept = await sweep_at(harness, start + 30 * DAY)

    assert still is not None and swept.unconsented == 1
    assert await harness.person(2005) is None
    async with harness.db.begin() as session:
        assert await erased(session, harness.config, 2005) is None
        names = (await session.scalars(select(Person.display_name))).all()
    assert "Noor Haddad" not in names


async def test_an_idle_open_signal_is_closed_after_max_open(harness: Harness) -> None:
    """No message for signals.max_open: closed (then signal retention runs from that day)."""
    start = harness.clock.now()
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await file_text(harness, fatima, "Spanning bij het buurthuis")
    max_open = harness.config.signals.max_open

    await sweep_at(harness, start + max_open - DAY)
    open_before = (await signals(harness))[0].status
    await sweep_at(harness, start + max_open)

    [signal] = await signals(harness)
    assert open_before is SignalStatus.OPEN
    assert signal.status is SignalStatus.CLOSED and signal.closed_at == harness.clock.now()


async def test_alert_copies_are_compacted_into_the_alerts_figures(harness: Harness) -> None:
    """After privacy.delivery_retention the copies go (nobody's copy says who got it or when
    they acknowledged, and the outbox stays small): the alert keeps its figures, also where
    the coordinator looks them up."""
    start = harness.clock.now()
    fatima = await harness.member(2001, "Fatima Yilmaz")
    alert_id = await send(harness)
    await harness.press(fatima, ACK_BUTTON)
    period = harness.config.privacy.delivery_retention

    await sweep_at(harness, start + period - DAY)
    linked = await _linked_copies(harness)
    await sweep_at(harness, start + period)
    detail = await harness.say(harness.coordinator, f"/alert {alert_id}")

    assert linked == 1
    assert await harness.count(AlertDelivery) == 0
    async with harness.db.begin() as session:
        figures = await alerts.counts(session, alert_id)
    assert (figures.total, figures.sent, figures.acked) == (1, 1, 1)
    assert "✅ verzonden 1" in detail.plain_text() and "👍 ontvangen 1" in detail.plain_text()


async def test_the_audit_log_is_thinned_after_its_period(harness: Harness) -> None:
    """Entries older than privacy.audit_retention go; younger ones stay."""
    start = harness.clock.now()
    await harness.member(2001, "Fatima Yilmaz")
    await harness.say(harness.coordinator, "/whois Fatima")  # an audited look at a person
    entries = await harness.count(AuditEntry)
    period = harness.config.privacy.audit_retention

    await sweep_at(harness, start + period - DAY)
    kept = await harness.count(AuditEntry)
    swept = await sweep_at(harness, start + period)

    assert entries > 0 and kept >= entries
    assert swept.audit >= entries


async def test_the_proof_of_consent_is_deleted_when_its_time_is_up(harness: Harness) -> None:
    """An erased person's pseudonymous proof stays consent_proof_retention, then goes."""
    start = harness.clock.now()
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")
    period = harness.config.privacy.consent_proof_retention

    await sweep_at(harness, start + period - DAY)
    kept = await harness.erased(2001)
    swept = await sweep_at(harness, start + period)

    assert kept is not None and swept.proofs == 1
    async with harness.db.begin() as session:
        assert await erased(session, harness.config, 2001) is None


async def test_the_retention_job_runs_the_same_round_on_the_injected_clock(
    harness: Harness,
) -> None:
    """The declared daily job applies the same periods (here: an expired invitation)."""
    await harness.invite("Noor Haddad", expires_in=timedelta(days=7))
    harness.clock.advance(timedelta(days=8))

    await enforce_retention(AppContext(harness.app))

    assert await harness.count(Invite) == 0


async def _linked_copies(h: Harness) -> int:
    async with h.db.begin() as session:
        stmt = select(func.count()).where(AlertDelivery.person_id.is_not(None))
        return int(await session.scalar(stmt) or 0)


@pytest.fixture
async def undermining_two_weeks(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> AsyncIterator[Harness]:
    """Run the bot with signals on undermining kept two weeks after closing, others a year."""
    signals_config = replace(
        config.signals,
        retention_per_theme=MappingProxyType({"undermining-crime": timedelta(weeks=2)}),
    )
    async with running(sandbox, db, clock, replace(config, signals=signals_config)) as h:
        yield h


async def test_each_theme_is_wiped_after_its_own_retention(
    undermining_two_weeks: Harness,
) -> None:
    """Closed signals are wiped per theme: undermining after two weeks, the rest (and signals
    without a theme) after the default year."""
    h = undermining_two_weeks
    closed = h.clock.now()
    async with h.db.begin() as session:
        for theme in ("undermining-crime", "radicalisation-polarisation", None):
            session.add(
                Signal(
                    status=SignalStatus.CLOSED,
                    theme=theme,
                    urgency=Urgency.NORMAL,
                    created_at=closed,
                    filed_at=closed,
                    closed_at=closed,
                )
            )
    desk = h.app.bot_data.services.signals

    h.clock.advance(timedelta(weeks=2, days=1))
    await desk.maintain()
    after_two_weeks = {s.theme: s.wiped_at is not None for s in await signals(h)}
    h.clock.advance(timedelta(days=366))
    await desk.maintain()
    after_a_year = {s.theme: s.wiped_at is not None for s in await signals(h)}

    assert after_two_weeks == {
        "undermining-crime": True,
        "radicalisation-polarisation": False,
        None: False,
    }
    assert after_a_year == dict.fromkeys(after_two_weeks, True)
