"""The operator's event log: each thing that happened is one INFO line of `bot.events`, and the
log of a whole conversation holds no name, no text anyone wrote and no Telegram id."""

from __future__ import annotations

import io
import logging
import re

import pytest

from bot.demo import (
    ALERT_TEXT,
    COORDINATOR_ID,
    KEY_PERSON_ID,
    SIGNAL_TEXT,
    STRANGER_ID,
    run_demo,
)
from tests.e2e.test_meetings import START
from tests.e2e.test_workgroups import GROUP, start_workgroup
from tests.factories import Harness
from tests.timeline import iso


def _events(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.events"]


def _assert_nothing_personal(caplog: pytest.LogCaptureFixture, *said: str) -> None:
    """No log line (of any logger) holds a name, something said, or a Telegram id."""
    lines = [r.getMessage() for r in caplog.records]
    for text in said:
        for fragment in re.findall(r"\w{5,}", text):
            assert not any(fragment in line for line in lines), fragment
    for telegram_id in (COORDINATOR_ID, KEY_PERSON_ID, STRANGER_ID, 2001):
        assert not any(re.search(rf"\b{telegram_id}\b", line) for line in lines), telegram_id


async def test_the_demo_logs_join_alert_and_signal_without_anything_personal(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A member joined, an alert queued and finished with its figures, a signal filed with its
    theme and urgency: each one line, and nothing anyone wrote or is called."""
    caplog.set_level(logging.INFO)

    assert await run_demo(io.StringIO()) == 0

    events = _events(caplog)
    assert any(re.fullmatch(r"member \d+ joined", e) for e in events), events
    assert "alert #1 queued: recipients=1" in events
    assert any(
        re.fullmatch(r"alert #1 finished: sent=1 blocked=0 failed=0 seconds=\d+", e) for e in events
    )
    assert any(re.fullmatch(r"signal #1 filed: theme=[\w-]+ urgency=urgent", e) for e in events)
    _assert_nothing_personal(caplog, ALERT_TEXT, SIGNAL_TEXT, "Fatima Yilmaz", "Sanne")


async def test_meetings_working_groups_and_leaving_are_logged_as_events(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Invitations queued, a working group bound and closed, a member who left: one line each."""
    caplog.set_level(logging.INFO)
    fatima = await harness.member(2001, "Fatima Yilmaz")
    sanne = harness.coordinator

    await harness.say(sanne, "/meeting")
    await harness.say(sanne, "Netwerkoverleg Geheim")
    await harness.say(sanne, iso(START))
    await sanne.press("120 min")
    await sanne.next_message()
    await harness.say(sanne, "Buurthuis Verborgen")
    await harness.say(sanne, "Agenda Vertrouwelijk")
    await sanne.press("Het hele netwerk")
    await sanne.next_message()
    await sanne.press("Eenmalig")
    await sanne.next_message()
    await sanne.press("📨 Uitnodigingen versturen")
    await sanne.next_message()

    await start_workgroup(harness)
    sanne.create_group(GROUP, "Werkgroep Station")
    sanne.add_bot(GROUP)
    await harness.sandbox.wait_until(lambda: "gekoppeld" in sanne.last().plain_text())
    await harness.app.bot_data.services.workgroups.close_now(1)

    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")
    await harness.drained()

    events = _events(caplog)
    assert "meeting #1: invitation queued: recipients=1" in events, events
    assert "working group #1 bound to its Telegram group" in events
    assert "working group #1 closed: not_removed=0" in events
    assert any(re.fullmatch(r"member \d+ left", e) for e in events)
    _assert_nothing_personal(
        caplog, "Fatima Yilmaz", "Netwerkoverleg Geheim", "Buurthuis Verborgen", "Vertrouwelijk"
    )
