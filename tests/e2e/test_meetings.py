"""End to end over HTTP: meetings planned in chat, invitations with calendar files, RSVP,
reminders on a fake clock (also across restarts), series, moving, cancelling, keeping warm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.app import build_application
from bot.clock import FakeClock
from bot.config import Config
from bot.demo import COORDINATOR_ID
from bot.meetings import service
from bot.meetings.scheduler import ReminderJob, job_name
from bot.runner import receiving
from bot.sandbox import Sandbox, SentMessage, SimulatedUser
from bot.services import AppType
from storage.db import Database
from storage.meeting_models import (
    Meeting,
    MeetingInvitee,
    MeetingReminder,
    MeetingStatus,
    ReminderKind,
    ReminderState,
    Rsvp,
)
from storage.models import Alert, AlertKind
from storage.repositories import People
from tests.factories import Harness, add_member
from tests.timeline import AMSTERDAM, dst_gap_after, iso, local

# The meeting: the Saturday a week after the clock starts, 19:30 Amsterdam time.
START = local(7, 19, 30)


@pytest.fixture
async def members(harness: Harness) -> list[SimulatedUser]:
    """Return three key persons: Fatima, Mo and Piet."""
    return [
        await harness.member(2001, "Fatima Yilmaz"),
        await harness.member(2002, "Mo Bouzid"),
        await harness.member(2003, "Piet de Vries"),
    ]


async def plan(h: Harness, *, starts: datetime = START, every_weeks: int | None = None) -> int:
    """Plan a two-hour meeting for the whole network directly in the store; wait until sent."""
    return await plan_in(h.app, starts=starts, every_weeks=every_weeks)


async def plan_in(app: AppType, *, starts: datetime = START, every_weeks: int | None = None) -> int:
    """Plan a meeting with a running bot's services; wait until the invitations are sent."""
    services = app.bot_data.services
    now = services.clock.now()
    async with services.db.begin() as session:
        sanne = await People(session).by_telegram_id(COORDINATOR_ID)
        assert sanne is not None
        meeting = await service.new_draft(session, sanne, now=now)
        meeting.title = "Netwerkoverleg"
        meeting.starts_at = starts.astimezone(UTC)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        meeting.location = "Buurthuis De Wissel"
        meeting.every_weeks = every_weeks
        await service.plan(session, meeting, sanne, (services.t, services.config), now=now)
        number = meeting.id
    services.alerts.wake()
    await services.meetings.sync()
    sender = services.alerts.sender
    assert sender is not None
    await sender.drained()
    return number


NL_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def invitation(user: SimulatedUser) -> SentMessage:
    """Return the invitation a person received (a calendar file with RSVP buttons)."""
    return next(m for m in user.received() if m.kind == "document" and "Uitnodiging" in m.caption)


async def answer(user: SimulatedUser, button: str) -> str | None:
    """Press an RSVP button on the invitation and return the bot's answer."""
    await user.press(button, message=invitation(user))
    return (await user.expect_answer()).text


async def due(h: Harness, at: datetime) -> list[int]:
    """Move the fake clock to `at` and run what is due, as the job would; wait for the sends."""
    h.clock.advance(at - h.clock.now())
    handled = await h.app.bot_data.services.meetings.run_due()
    await h.drained()
    return handled


async def alerts_of(h: Harness, kind: AlertKind) -> list[Alert]:
    """Return the outbox messages of one kind."""
    async with h.db.begin() as session:
        stmt = select(Alert).where(Alert.kind == kind).order_by(Alert.id)
        return list((await session.execute(stmt)).scalars())


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=WEEKLY;BYDAY=" + ",".join(["MO", "TU", "WE", "TH", "FR", "SA", "SU"] * 9), "200"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "vijf jaar"),
    ],
)
async def test_a_repeat_rule_too_long_or_without_occurrences_is_refused_in_the_chat(
    harness: Harness, members: list[SimulatedUser], rule: str, says: str
) -> None:
    """A 219-character rule (the column holds 200) and a rule that never occurs are refused
    with a clear answer; a sensible rule typed next is taken and the series is planned."""
    sanne = harness.coordinator
    await harness.say(sanne, "/meeting")
    await harness.say(sanne, "Netwerkoverleg")
    await harness.say(sanne, iso(START))
    await sanne.press("120 min")
    await sanne.next_message()
    await harness.say(sanne, "Buurthuis De Wissel")
    await harness.say(sanne, "1. Terugblik")
    await sanne.press("Het hele netwerk")
    await sanne.next_message()
    await sanne.press("Eigen herhaalregel (RRULE)")
    await sanne.next_message()

    refused = await harness.say(sanne, rule)
    preview = await harness.say(sanne, "FREQ=WEEKLY;INTERVAL=6")

    assert says in refused.plain_text()
    assert "📨 Uitnodigingen versturen" in preview.button_texts
    async with harness.db.begin() as session:
        stored = (await session.scalars(select(Meeting.rrule))).one()
    assert stored == "FREQ=WEEKLY;INTERVAL=6"


async def test_a_coordinator_plans_the_six_weekly_series_in_one_conversation(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Title, typed start, a duration button, place, agenda, audience, 'every 6 weeks', send:
    everyone gets an invitation whose calendar file holds 19:30 Amsterdam time."""
    sanne = harness.coordinator
    await harness.say(sanne, "/meeting")
    await harness.say(sanne, "Netwerkoverleg")
    await harness.say(sanne, iso(START))
    for button in ("120 min",):
        await sanne.press(button)
        await sanne.next_message()
    await harness.say(sanne, "Buurthuis De Wissel")
    await harness.say(sanne, "1. Terugblik\n2. Signalen uit de wijken")
    await sanne.press("Het hele netwerk")
    await sanne.next_message()
    await sanne.press("Elke 6 weken")
    preview = await sanne.next_message()
    await sanne.press("📨 Uitnodigingen versturen")
    done = await sanne.next_message()
    await harness.drained()

    assert f"za {START.day} {NL_MONTHS[START.month - 1]} 19:30–21:30" in preview.plain_text()
    assert "elke 6 weken" in preview.plain_text()
    assert "gaat naar 3 personen" in done.plain_text()
    for user in members:
        sent = invitation(user)
        assert sent.button_texts == ["✅ Ik kom", "❔ Misschien", "❌ Ik kan niet"]
        assert sent.file_name is not None and sent.file_name.endswith(".ics")
    assert members[0].received()[-1].file_bytes is not None
    calendar = Calendar.from_ical(invitation(members[0]).file_bytes or b"")
    [event] = calendar.walk("VEVENT")
    assert event.get("DTSTART").params["TZID"] == "Europe/Amsterdam"
    starts = event.decoded("DTSTART")
    assert (starts.hour, starts.minute, starts.utcoffset()) == (19, 30, timedelta(hours=1))
    assert calendar.walk("VTIMEZONE")
    async with harness.db.begin() as session:
        meeting = await session.get(Meeting, 1)
        assert meeting is not None and meeting.every_weeks == 6
        assert meeting.agenda == "1. Terugblik\n2. Signalen uit de wijken"


async def test_meeting_messages_cannot_be_forwarded(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Who meets where and when stays with the invitees: invitations and cancellations are
    sent with protect_content."""
    number = await plan(harness)

    sent = invitation(members[0])

    assert sent.protect_content is True
    assert number == 1


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("gisteren misschien", "begrijp ik niet"),
        (iso(local(-27, 19, 30)), "al voorbij"),
        (dst_gap_after(START), "bestaat niet"),
    ],
)
async def test_bad_start_times_are_answered_with_examples(
    harness: Harness, typed: str, expected: str
) -> None:
    """Unparseable, past and DST-gap times are refused clearly and the step stays open."""
    sanne = harness.coordinator
    await harness.say(sanne, "/meeting")
    await harness.say(sanne, "Overleg")

    refused = await harness.say(sanne, typed)
    accepted = await harness.say(sanne, iso(START))

    assert expected in refused.plain_text()
    assert "Hoe lang duurt ze" in accepted.plain_text()


async def test_an_end_before_the_start_is_refused(harness: Harness) -> None:
    """An end time before the start is answered and can be typed again."""
    sanne = harness.coordinator
    await harness.say(sanne, "/meeting")
    await harness.say(sanne, "Overleg")
    await harness.say(sanne, iso(START))

    refused = await harness.say(sanne, "18:00")

    assert "einde moet na het begin" in refused.plain_text()


async def test_rsvp_is_recorded_and_refused_for_strangers_to_the_meeting(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Invitees answer with one tap; someone invited later or a forged press is refused."""
    number = await plan(harness)
    latecomer = await harness.member(2009, "Laat")

    yes = await answer(members[0], "✅ Ik kom")
    no = await answer(members[1], "❌ Ik kan niet")
    await latecomer.press_data(f"mt:yes:{number}")
    forged = (await latecomer.expect_answer()).text

    assert yes == "Fijn, tot dan!" and no is not None and "genoteerd" in no
    assert forged == "Deze uitnodiging is niet voor jou."
    async with harness.db.begin() as session:
        figures = await service.counts(session, number)
    assert (figures.invited, figures.yes, figures.no, figures.maybe) == (3, 1, 1, 0)


async def test_reminders_go_at_the_right_instants_to_those_who_did_not_decline(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Two days and two hours before: everyone but the decliner; the day before: the
    coordinator hears who is coming; each reminder is also a job with a fixed name."""
    number = await plan(harness)
    await answer(members[0], "✅ Ik kom")
    await answer(members[1], "❌ Ik kan niet")
    async with harness.db.begin() as session:
        rows = list(
            (
                await session.execute(select(MeetingReminder).order_by(MeetingReminder.due_at))
            ).scalars()
        )
    queue = harness.app.job_queue
    assert queue is not None
    for row in rows:
        [job] = queue.get_jobs_by_name(job_name(row.id))
        # Handed to APScheduler as a delay on the injected clock, never as a calendar date:
        # the job fires that long after now in real time, whatever today's date is.
        delay = row.due_at - harness.clock.now()
        assert job.data == ReminderJob(row.id, row.due_at, delay)
        assert job.next_t is not None
        assert abs(job.next_t - datetime.now(UTC) - delay) < timedelta(minutes=10)

    assert await due(harness, START - timedelta(days=2, minutes=1)) == []
    assert len(await due(harness, START - timedelta(days=2))) == 1
    await due(harness, START - timedelta(days=1))
    await due(harness, START - timedelta(hours=2))

    def reminders(user: SimulatedUser) -> int:
        return sum("Herinnering" in m.plain_text() for m in user.received())

    assert [reminders(u) for u in members] == [2, 0, 2]
    note = next(m for m in harness.coordinator.received() if "Binnenkort" in m.plain_text())
    assert "Komen (1): Fatima Yilmaz" in note.plain_text()
    assert "Nog geen antwoord: 1" in note.plain_text()
    assert [r.kind for r in rows] == [
        ReminderKind.INVITEES,
        ReminderKind.COORDINATOR,
        ReminderKind.INVITEES,
    ]
    assert number == 1


async def test_a_reminder_for_someone_who_stopped_is_not_sent(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Leaving between invitation and reminder means no reminder."""
    await plan(harness)
    await harness.say(members[2], "/stop")
    await members[2].press("Ja, stop")
    await members[2].next_message()

    await due(harness, START - timedelta(days=2))

    assert not any("Herinnering" in m.plain_text() for m in members[2].received())
    assert any("Herinnering" in m.plain_text() for m in members[0].received())


async def run_once(config: Config, db: Database, clock: FakeClock) -> None:
    """Run one bot process (same database and clock) through start-up and a clean shut-down."""
    app = build_application(config, db=db, clock=clock)
    async with receiving(app, poll_timeout=1):
        sender = app.bot_data.services.alerts.sender
        assert sender is not None
        await sender.drained()


async def members_without_a_bot(sandbox: Sandbox, db: Database, clock: FakeClock) -> list[int]:
    """Store three key persons and return their Telegram ids."""
    ids = [2001, 2002, 2003]
    for telegram_id in ids:
        sandbox.user(telegram_id, f"P{telegram_id}")
        await add_member(db, clock, telegram_id, f"Persoon {telegram_id}")
    return ids


def reminders_received(sandbox: Sandbox, chat: int) -> int:
    """Count the reminders one person received."""
    return sum("Herinnering" in m.plain_text() for m in sandbox.world.bot_messages(chat))


async def test_restarts_never_lose_or_duplicate_a_reminder(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """Down across the reminder time: sent once at the next start; two more restarts add
    nothing."""
    chats = await members_without_a_bot(sandbox, db, clock)
    first = build_application(config, db=db, clock=clock)
    async with receiving(first, poll_timeout=1):
        await plan_in(first)
    clock.advance(START - timedelta(days=2, hours=-1) - clock.now())

    for _ in range(3):
        await run_once(config, db, clock)

    assert [reminders_received(sandbox, chat) for chat in chats] == [1, 1, 1]
    async with db.begin() as session:
        kinds = (await session.execute(select(Alert.kind))).scalars().all()
    assert sorted(kinds) == sorted([AlertKind.INVITATION, AlertKind.REMINDER])


async def test_a_reminder_due_after_a_restart_is_sent_once_by_its_job(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """Restarted before the reminder is due: the new process schedules it and sends it once."""
    chats = await members_without_a_bot(sandbox, db, clock)
    first = build_application(config, db=db, clock=clock)
    async with receiving(first, poll_timeout=1):
        await plan_in(first)
    second = build_application(config, db=db, clock=clock)
    async with receiving(second, poll_timeout=1):
        meetings = second.bot_data.services.meetings
        queue = second.job_queue
        assert queue is not None
        assert [j.name for j in queue.jobs() if (j.name or "").startswith("meeting-")]
        clock.advance(START - timedelta(days=2) - clock.now())
        await meetings.run_due()  # what the job does when it fires
        await meetings.run_due()  # and a second firing finds nothing left
        sender = second.bot_data.services.alerts.sender
        assert sender is not None
        await sender.drained()

    assert [reminders_received(sandbox, chat) for chat in chats] == [1, 1, 1]


async def test_a_reminder_missed_until_after_the_start_is_skipped_not_sent(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """If the bot was down until the meeting began, the reminder is logged and skipped."""
    chats = await members_without_a_bot(sandbox, db, clock)
    first = build_application(config, db=db, clock=clock)
    async with receiving(first, poll_timeout=1):
        await plan_in(first)
    clock.advance(START + timedelta(minutes=5) - clock.now())

    await run_once(config, db, clock)

    assert [reminders_received(sandbox, chat) for chat in chats] == [0, 0, 0]
    async with db.begin() as session:
        states = {
            r.kind: r.state for r in (await session.execute(select(MeetingReminder))).scalars()
        }
    assert states[ReminderKind.INVITEES] is ReminderState.SKIPPED


async def test_a_series_plans_and_invites_its_next_occurrence(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """When an occurrence starts, the next one six weeks later is planned and invited, still
    at 19:30 local time."""
    await plan(harness, every_weeks=6)

    await due(harness, START)

    async with harness.db.begin() as session:
        following = await session.get(Meeting, 2)
    assert following is not None and following.status is MeetingStatus.PLANNED
    assert following.series_id == 1
    assert following.starts_at is not None
    local = following.starts_at.astimezone(AMSTERDAM)
    assert (local.date(), local.hour, local.minute) == ((START + timedelta(weeks=6)).date(), 19, 30)
    assert len(await alerts_of(harness, AlertKind.INVITATION)) == 2


async def test_moving_and_cancelling_tell_those_who_said_yes_or_maybe(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """A move sends the new calendar file to yes and maybe; a cancel sends METHOD:CANCEL."""
    number = await plan(harness)
    await answer(members[0], "✅ Ik kom")
    await answer(members[1], "❔ Misschien")
    await answer(members[2], "❌ Ik kan niet")
    sanne = harness.coordinator

    await harness.say(sanne, f"/meeting {number}")
    await sanne.press("🕒 Verplaatsen")
    await sanne.next_message()
    moved = await harness.say(sanne, iso(START + timedelta(weeks=1)))
    await harness.drained()
    await sanne.press_data(f"md:y1:{number}")
    await sanne.expect_answer()
    await harness.drained()

    assert "2 personen" in moved.plain_text()
    for user, told in zip(members, (True, True, False), strict=True):
        kinds = [m.plain_text().split("\n")[0] for m in user.received() if m.kind == "document"]
        assert any(k.startswith("🔁 Verplaatst") for k in kinds) is told
        assert any(k.startswith("❌ Afgelast") for k in kinds) is told
    cancel = next(
        m for m in members[0].received() if m.kind == "document" and "Afgelast" in m.caption
    )
    calendar = Calendar.from_ical(cancel.file_bytes or b"")
    assert str(calendar.get("METHOD")) == "CANCEL"
    await members[0].press_data(f"mt:yes:{number}")
    assert "afgelast" in ((await members[0].expect_answer()).text or "")
    async with harness.db.begin() as session:
        invitee = await session.get(MeetingInvitee, (number, 1))
        assert invitee is None or invitee.rsvp in (Rsvp.YES, None)


async def test_meetings_lists_upcoming_with_answers_and_who_is_coming(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """/meetings counts the answers; 'Who is coming' names them."""
    await plan(harness)
    await answer(members[0], "✅ Ik kom")

    listing = await harness.say(harness.coordinator, "/meetings")
    await harness.coordinator.press("#1 Netwerkoverleg")
    await harness.coordinator.expect_answer()
    who = await harness.coordinator.next_message()

    assert "✅ 1 ❔ 0 ❌ 0 · 3 uitgenodigd" in listing.plain_text()
    assert "Komen: Fatima Yilmaz" in who.plain_text()


async def test_quiet_networks_nudge_the_coordinator_once(harness: Harness) -> None:
    """Four weeks without anything to the network: one nudge, not one per check."""
    await harness.member(2001, "Fatima Yilmaz")
    meetings = harness.app.bot_data.services.meetings

    assert await meetings.nudge_if_quiet() is False
    harness.clock.advance(timedelta(weeks=4, days=1))
    assert await meetings.nudge_if_quiet() is True
    assert await meetings.nudge_if_quiet() is False
    await harness.drained()

    assert any("🌱" in m.plain_text() for m in harness.coordinator.received())


async def test_network_news_goes_out_silently_and_shareable(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """/news shows a preview; confirmed, everyone gets it without a sound."""
    sanne = harness.coordinator
    preview = await harness.say(sanne, "/news Het buurtfeest was een groot succes!")
    await sanne.press("📨 Naar het hele netwerk")
    sent = await sanne.next_message()
    await harness.drained()

    assert "Netwerknieuws" in preview.plain_text()
    assert "3 personen" in sent.plain_text()
    news = next(m for m in members[0].received() if "Nieuws van" in m.plain_text())
    assert news.disable_notification is True
    assert "buurtfeest" in news.plain_text()


async def test_after_the_start_answers_are_closed_and_attendance_can_be_registered(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Once it began, RSVP is refused; the coordinator ticks who was there."""
    number = await plan(harness)
    await answer(members[0], "✅ Ik kom")
    harness.clock.advance(START + timedelta(hours=3) - harness.clock.now())

    late = await answer(members[1], "✅ Ik kom")
    await harness.say(harness.coordinator, f"/meeting {number}")
    await harness.coordinator.press("✔️ Aanwezigheid")
    await harness.coordinator.expect_answer()
    sheet = await harness.coordinator.next_message()
    await harness.coordinator.press("Fatima Yilmaz", message=sheet)
    await harness.coordinator.expect_answer()

    assert late is not None and "al begonnen" in late
    assert "✅ Fatima Yilmaz" in sheet.button_texts
    async with harness.db.begin() as session:
        attended = (
            (
                await session.execute(
                    select(MeetingInvitee.attended).where(MeetingInvitee.meeting_id == number)
                )
            )
            .scalars()
            .all()
        )
    assert sorted(attended, key=bool) == [None, None, True]


async def test_cancelling_the_whole_series_stops_every_later_occurrence(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """'Cancel the whole series' on an occurrence: no next occurrence is ever planned."""
    await plan(harness, every_weeks=6)
    await due(harness, START)  # the first begins; the second is planned and invited
    await harness.say(harness.coordinator, "/meeting 2")
    await harness.coordinator.press("❌ Hele reeks afgelasten")
    await harness.coordinator.expect_answer()
    await harness.coordinator.next_message()
    await harness.coordinator.press("Ja, afgelasten")
    await harness.coordinator.expect_answer()
    await harness.coordinator.next_message()

    await due(harness, START + timedelta(weeks=6))

    async with harness.db.begin() as session:
        statuses = (await session.execute(select(Meeting.status).order_by(Meeting.id))).all()
    assert [s for (s,) in statuses] == [MeetingStatus.PLANNED, MeetingStatus.CANCELLED]


async def test_cancelling_one_occurrence_keeps_the_series_going(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Only this one is off: when it would have begun, the next one is still planned."""
    number = await plan(harness, every_weeks=6)
    await harness.coordinator.press_data(f"md:y1:{number}")
    await harness.coordinator.expect_answer()
    await harness.drained()

    await due(harness, START)

    async with harness.db.begin() as session:
        statuses = (await session.execute(select(Meeting.status).order_by(Meeting.id))).all()
    assert [s for (s,) in statuses] == [MeetingStatus.CANCELLED, MeetingStatus.PLANNED]


async def test_a_long_title_place_and_agenda_still_fit_the_invitation(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """Whatever was typed, the caption stays within Telegram's 1024 and everyone is invited."""
    services = harness.app.bot_data.services
    async with harness.db.begin() as session:
        sanne = await People(session).by_telegram_id(COORDINATOR_ID)
        assert sanne is not None
        meeting = await service.new_draft(session, sanne, now=harness.clock.now())
        meeting.title = "Overleg " * 25
        meeting.starts_at = START.astimezone(UTC)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        meeting.location = "Buurthuis 🏠 " * 150
        meeting.agenda = "Punt. " * 300
        await service.plan(
            session, meeting, sanne, (services.t, services.config), now=harness.clock.now()
        )
    services.alerts.wake()
    await harness.drained()

    for user in members:
        sent = invitation(user)
        assert len(sent.plain_text().encode("utf-16-le")) // 2 <= 1024


async def test_a_new_dialogue_takes_the_next_message_from_an_abandoned_one(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """'Move' pressed and forgotten, then /alert: the typed text is the alert's, and the
    meeting does not move; unsent news never swallows text either."""
    number = await plan(harness)
    sanne = harness.coordinator
    await harness.say(sanne, f"/meeting {number}")
    await sanne.press("🕒 Verplaatsen")
    await sanne.next_message()
    await harness.say(sanne, "/news Goed nieuws")

    await harness.say(sanne, "/alert")
    saved = await harness.say(sanne, "za 19:30")

    assert "Nederlands" in saved.plain_text()
    async with harness.db.begin() as session:
        meeting = await session.get(Meeting, number)
        assert meeting is not None and meeting.starts_at == START.astimezone(UTC)
        news = (
            await session.execute(select(Alert).where(Alert.kind == AlertKind.NEWS))
        ).scalar_one()
        assert news.texts == {"nl": "Goed nieuws"}


async def test_reminders_written_elsewhere_get_their_jobs_within_a_tick(
    harness: Harness, members: list[SimulatedUser]
) -> None:
    """A meeting planned by the CLI (another process) is scheduled by the running bot's tick."""
    services = harness.app.bot_data.services
    async with harness.db.begin() as session:
        sanne = await People(session).by_telegram_id(COORDINATOR_ID)
        assert sanne is not None
        meeting = await service.new_draft(session, sanne, now=harness.clock.now())
        meeting.title = "Via de server"
        meeting.starts_at = START.astimezone(UTC)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        await service.plan(
            session, meeting, sanne, (services.t, services.config), now=harness.clock.now()
        )
    queue = harness.app.job_queue
    assert queue is not None
    assert not [j for j in queue.jobs() if (j.name or "").startswith("meeting-reminder-")]

    await services.meetings.tick()

    assert len([j for j in queue.jobs() if (j.name or "").startswith("meeting-reminder-")]) == 3


async def test_switching_between_an_alert_draft_and_a_meeting_plan_follows_the_newest(
    harness: Harness,
) -> None:
    """/alert then /meeting: the next text is the meeting's title and the alert keeps its text;
    a button of the alert draft resumes it, and the meeting's step no longer takes text."""
    sanne = harness.coordinator
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Tekst van het bericht")
    await harness.say(sanne, "/meeting")

    asked = await harness.say(sanne, "Wijkoverleg")
    await harness.press(sanne, "Verder")
    audience = sanne.last()
    typed = await harness.say(sanne, "za 19:30")

    assert "Wanneer begint ze?" in asked.plain_text()
    assert any(b.text == "Iedereen" for row in audience.buttons for b in row)
    assert "niet opgeslagen" in typed.plain_text()
    async with harness.db.begin() as session:
        meeting = await session.get(Meeting, 1)
        alert = (await session.execute(select(Alert))).scalar_one()
    assert meeting is not None and meeting.title == "Wijkoverleg" and meeting.starts_at is None
    assert alert.texts == {"nl": "Tekst van het bericht"}
