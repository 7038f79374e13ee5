"""Composing an alert in chat: the draft's steps, its text, audience, options and send time.

The draft's position is the coordinator's dialogue (bot.dialogue, ref_id = the draft), so a
restart loses nothing. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.alerts import answers, service
from bot.alerts.audience import RECIPIENT_ROLES, Audience, AudienceKind, languages, size
from bot.errors import AlertNotDraft, StaleAction
from storage.models import (
    Alert,
    AlertKind,
    AlertStatus,
    AlertTemplate,
    Person,
    PersonStatus,
    PersonTag,
    Role,
)
from storage.repositories import People, PeopleFilter

# Steps of a draft (the dialogue's step, its ref_id the draft). Those in TEXT_STEPS wait for the
# coordinator's next text message; the others wait for a button.
TEXT = "text"
MORE = "more"  # text given; offer another language or continue
AUDIENCE = "audience"
PEOPLE = "people"
OPTIONS = "options"
TIME = "time"
PREVIEW = "preview"
TEMPLATE_NAME = "tpl_name"
LANGUAGE_STEP = "text:"  # "text:en": waiting for the English text
TEXT_STEPS = frozenset({TEXT, PEOPLE, TIME, TEMPLATE_NAME})
# On a confirmed alert, the coordinator's next text replaces its text.
EDIT = "edit"
# After 'Question' under an alert, the recipient's next message is the question.
QUESTION = answers.QUESTION
REMINDERS: tuple[int | None, ...] = (None, 30, 60)
SOUNDS = ("normal", "urgent", "silent")

_HM = r"([01]?\d|2[0-3])[:.]([0-5]\d)"
_TIME_ONLY = re.compile(rf"^{_HM}$")
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})-(\d{{1,2}})(?:-(\d{{4}}))?\s+{_HM}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})\s+{_HM}$")


async def own_draft(session: AsyncSession, coordinator: Person, alert_id: int) -> Alert:
    """Return the coordinator's draft with this number, locked; anything else is stale."""
    alert = await session.get(Alert, alert_id, with_for_update=True)
    if alert is None or alert.created_by_id != coordinator.id:
        raise StaleAction
    if alert.status is not AlertStatus.DRAFT:
        raise AlertNotDraft(number=alert.id)
    return alert


def language_step(language: str) -> str:
    """Return the step that waits for the text in another language."""
    return f"{LANGUAGE_STEP}{language}"


def waits_for_text(step: str) -> bool:
    """Tell whether a draft at this step takes the coordinator's next text message."""
    return step in TEXT_STEPS or step.startswith(LANGUAGE_STEP)


async def go_to(
    session: AsyncSession, coordinator: Person, alert: Alert, step: str, *, now: datetime
) -> None:
    """Put the draft at `step` and make it the coordinator's dialogue (a button resumes it)."""
    await dialogue.start(session, coordinator.id, dialogue.ALERTS, step, alert.id, now=now)


async def step_of(
    session: AsyncSession, coordinator: Person, alert: Alert, *, now: datetime
) -> str | None:
    """Return where the draft stands in the coordinator's dialogue; None if it is not in it."""
    return await dialogue.step_of(session, coordinator.id, dialogue.ALERTS, alert.id, now=now)


async def start_draft(session: AsyncSession, coordinator: Person, *, now: datetime) -> Alert:
    """Start a new draft (/alert) that waits for its text."""
    alert = await service.new_draft(session, coordinator, now=now)
    await go_to(session, coordinator, alert, TEXT, now=now)
    return alert


def set_text(alert: Alert, raw: str | None, language: str) -> str:
    """Store the text for one language (cleaned and checked) and return it."""
    body = service.clean_text(raw)
    alert.texts = {**alert.texts, language: body}
    return body


def audience_of(alert: Alert) -> Audience:
    """Return the draft's audience."""
    return Audience.from_json(alert.audience)


def set_audience(alert: Alert, audience: Audience) -> None:
    """Store the audience."""
    alert.audience = audience.to_json()


def toggle(alert: Alert, kind: AudienceKind, value: str) -> Audience:
    """Add or remove a wijk or tag in a multi-choice audience; return the new audience."""
    current = audience_of(alert)
    values = list(current.values) if current.kind is kind else []
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    chosen = Audience(kind, tuple(values))
    set_audience(alert, chosen)
    return chosen


async def tags(session: AsyncSession) -> list[str]:
    """Return the tags in use, sorted (the tag buttons point into this list)."""
    return list(await session.scalars(select(PersonTag.tag).distinct().order_by(PersonTag.tag)))


async def match_people(session: AsyncSession, names: str) -> tuple[list[Person], list[str]]:
    """Match comma-separated names to active recipients (case-insensitive); return misses too."""
    wanted = [n.strip() for n in re.split(r"[,\n;]", names) if n.strip()]
    stmt = select(Person).where(
        Person.status == PersonStatus.ACTIVE, Person.role.in_(RECIPIENT_ROLES)
    )
    by_name: dict[str, list[Person]] = {}
    for person in (await session.scalars(stmt.order_by(Person.id))).all():
        by_name.setdefault(person.display_name.casefold(), []).append(person)
    found: dict[int, Person] = {}
    missing: list[str] = []
    for name in wanted:
        people = by_name.get(name.casefold())
        if people:
            found.update((p.id, p) for p in people)
        else:
            missing.append(name)
    return list(found.values()), missing


def sound(alert: Alert) -> str:
    """Return 'urgent', 'silent' or 'normal'."""
    return "urgent" if alert.urgent else "silent" if alert.silent else "normal"


def cycle_sound(alert: Alert) -> None:
    """Go from normal to urgent to silent and back."""
    following = SOUNDS[(SOUNDS.index(sound(alert)) + 1) % len(SOUNDS)]
    alert.urgent, alert.silent = following == "urgent", following == "silent"


def toggle_shareable(alert: Alert) -> None:
    """Switch between 'shareable with the community' and 'internal'."""
    alert.shareable = not alert.shareable


def cycle_reminder(alert: Alert) -> None:
    """Go from no reminder to 30 to 60 minutes and back."""
    current = alert.escalate_minutes if alert.escalate_minutes in REMINDERS else None
    alert.escalate_minutes = REMINDERS[(REMINDERS.index(current) + 1) % len(REMINDERS)]


def parse_send_at(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | None:
    """Read '19:30' (today, or tomorrow if passed), '28-11 19:30' or '2026-12-05 19:30' as UTC.

    Return None if the text is not such a time; the caller refuses moments in the past.
    """
    text = " ".join(text.split())
    today = now.astimezone(tz).date()
    try:
        if match := _TIME_ONLY.match(text):
            at = time(int(match[1]), int(match[2]))
            when = datetime.combine(today, at, tzinfo=tz)
            if when <= now:
                when = datetime.combine(today + timedelta(days=1), at, tzinfo=tz)
        elif match := _DAY_MONTH.match(text):
            year = int(match[3]) if match[3] else today.year
            day = date(year, int(match[2]), int(match[1]))
            when = datetime.combine(day, time(int(match[4]), int(match[5])), tzinfo=tz)
        elif match := _ISO.match(text):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            when = datetime.combine(day, time(int(match[4]), int(match[5])), tzinfo=tz)
        else:
            return None
    except ValueError:  # e.g. 31-02
        return None
    return when.astimezone(UTC)


def schedule(alert: Alert, when: datetime | None) -> None:
    """Send now (None) or at a moment; the caller moves on to the preview."""
    alert.send_at = when


async def recipients(session: AsyncSession, alert: Alert) -> int:
    """Return exactly how many would receive the draft if it were confirmed now."""
    return await size(session, audience_of(alert))


async def readers(session: AsyncSession, alert: Alert) -> dict[str, int]:
    """Return how many would receive the draft now, by the language they read."""
    return await languages(session, audience_of(alert))


async def names(session: AsyncSession, person_ids: Sequence[str]) -> list[str]:
    """Return the display names for stored person ids (the 'people' audience)."""
    ids = [int(v) for v in person_ids if v.isascii() and v.isdigit()]
    stmt = select(Person.display_name).where(Person.id.in_(ids)).order_by(Person.display_name)
    return list((await session.scalars(stmt)).all())


async def from_template(
    session: AsyncSession, coordinator: Person, template_id: int, *, now: datetime
) -> tuple[Alert, AlertTemplate]:
    """Start a draft with a template's texts, ready for the audience step."""
    template = await session.get(AlertTemplate, template_id)
    if template is None:
        raise StaleAction
    alert = await service.new_draft(session, coordinator, now=now)
    alert.texts = dict(template.texts)
    await go_to(session, coordinator, alert, AUDIENCE, now=now)
    return alert, template


async def start_edit(
    session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime
) -> None:
    """Make the coordinator's next text message the corrected text of a confirmed alert."""
    if alert.status not in (AlertStatus.QUEUED, AlertStatus.SENT):
        raise AlertNotDraft(number=alert.id)
    if alert.kind not in (AlertKind.ALERT, AlertKind.NEWS):
        raise AlertNotDraft(number=alert.id)  # meeting messages change through /meeting
    await dialogue.start(session, coordinator.id, dialogue.ALERTS, EDIT, alert.id, now=now)


async def stop_edit(session: AsyncSession, coordinator: Person, alert: Alert) -> None:
    """Forget the correction of this alert the coordinator started but did not send."""
    await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert.id)


async def take_edit(
    session: AsyncSession, coordinator: Person, alert_id: int, *, now: datetime
) -> Alert | None:
    """Return the alert whose correction the coordinator just typed, ending that dialogue."""
    step = await dialogue.step_of(session, coordinator.id, dialogue.ALERTS, alert_id, now=now)
    if step != EDIT:
        return None
    await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert_id)
    return await session.get(Alert, alert_id, with_for_update=True)


async def question_about(
    session: AsyncSession, person: Person, alert_id: int, *, now: datetime
) -> Alert | None:
    """Return the alert the person pressed 'Question' under, if their question is still open."""
    step = await dialogue.step_of(session, person.id, dialogue.ALERTS, alert_id, now=now)
    return await session.get(Alert, alert_id) if step == QUESTION else None


async def close_question(session: AsyncSession, person: Person, alert_id: int) -> None:
    """The question was passed on: the person's next message is no longer one."""
    await dialogue.end(session, person.id, dialogue.ALERTS, alert_id)


async def question_readers(session: AsyncSession, alert: Alert) -> list[Person]:
    """Return who reads a question: the confirming coordinator first, then the other ones."""
    active = await People(session).find(
        PeopleFilter(status=PersonStatus.ACTIVE, role=Role.COORDINATOR)
    )
    return sorted(active, key=lambda p: (p.id != alert.confirmed_by_id, p.id))
